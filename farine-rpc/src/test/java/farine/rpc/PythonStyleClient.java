package farine.rpc;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An RPC client written with the plain RabbitMQ client that behaves as the original Python client
 * does (PROTOCOL.md §3): its own durable reply queue bound to exchange {@code svc} with its own name,
 * requests {@code {"args", "kwargs"}} with a dashless UUID correlation id and {@code reply_to}.
 */
final class PythonStyleClient implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final Channel channel;
    private final String service;
    private final String replyQueue;
    private final Map<String, LinkedBlockingQueue<JsonNode>> frames = new ConcurrentHashMap<>();
    private final Map<String, String> exchanges = new ConcurrentHashMap<>();

    PythonStyleClient(Connection connection, String service) throws IOException {
        this.channel = connection.createChannel();
        this.service = service;
        this.replyQueue = "rpcit_py_reply_" + UUID.randomUUID().toString().replace("-", "");
        channel.exchangeDeclare(service, "direct", true, false, false, null);
        channel.queueDeclare(replyQueue, true, false, false, null);
        channel.queueBind(replyQueue, service, replyQueue);
        channel.basicConsume(replyQueue, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                exchanges.put(String.valueOf(properties.getCorrelationId()), envelope.getExchange());
                frames.computeIfAbsent(String.valueOf(properties.getCorrelationId()), k -> new LinkedBlockingQueue<>())
                        .add(JSON.readTree(body));
            }
        });
    }

    String replyQueue() {
        return replyQueue;
    }

    /** Publishes {@code {"args": args, "kwargs": kwargs}} as the original does; returns the correlation id. */
    String send(String method, List<?> args, Map<String, ?> kwargs) throws IOException {
        Map<String, Object> body = new HashMap<>();
        body.put("args", args);
        body.put("kwargs", kwargs);
        return sendRaw(method, JSON.writeValueAsBytes(body), replyQueue, null);
    }

    /** Any body, {@code reply_to} (null for none) and headers: for malformed requests. */
    String sendRaw(String method, byte[] body, String replyTo, Map<String, Object> headers) throws IOException {
        String id = UUID.randomUUID().toString().replace("-", "");
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json").contentEncoding("utf-8").deliveryMode(2).priority(0)
                .headers(headers == null ? Map.of() : headers).correlationId(id).replyTo(replyTo).build();
        channel.basicPublish(service, service + "__" + method, properties, body);
        return id;
    }

    String sendRaw(String method, String body) throws IOException {
        return sendRaw(method, body.getBytes(StandardCharsets.UTF_8), replyQueue, null);
    }

    /** The frames of one call up to and including {@code __end__} or {@code __except__}. */
    List<JsonNode> frames(String correlationId) throws InterruptedException {
        LinkedBlockingQueue<JsonNode> queue = frames.computeIfAbsent(correlationId, k -> new LinkedBlockingQueue<>());
        List<JsonNode> all = new ArrayList<>();
        while (true) {
            JsonNode frame = queue.poll(10, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("no further reply for " + correlationId + " within 10 s; got " + all);
            }
            all.add(frame);
            if (frame.has("__except__") || frame.path("__end__").asBoolean(false)) {
                return all;
            }
        }
    }

    /** The exchange the last reply of a call came through ({@code ""}: the default exchange). */
    String exchangeOf(String correlationId) {
        return exchanges.get(correlationId);
    }

    /** The first frame of a call. */
    JsonNode first(String correlationId) throws InterruptedException {
        return frames(correlationId).getFirst();
    }

    /** Whether any reply arrived for this call (without waiting). */
    boolean anyReply(String correlationId) {
        LinkedBlockingQueue<JsonNode> queue = frames.get(correlationId);
        return queue != null && !queue.isEmpty();
    }

    @Override
    public void close() throws IOException {
        try {
            channel.queueDelete(replyQueue);
            channel.close();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException(e);
        }
    }
}
