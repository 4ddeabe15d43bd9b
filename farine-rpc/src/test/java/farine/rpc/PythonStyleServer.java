package farine.rpc;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * An RPC server written with the plain RabbitMQ client that behaves as the original Python server
 * does (PROTOCOL.md §3, §4): it acknowledges before running and publishes each reply frame to
 * exchange {@code svc} with routing key {@code reply_to}. Each method maps a request to its frames.
 */
final class PythonStyleServer implements AutoCloseable {

    private final Channel channel;
    private final String service;
    private final List<String> queues;

    PythonStyleServer(Connection connection, String service, Map<String, Function<JsonNode, List<Map<String, Object>>>> methods)
            throws IOException {
        this.channel = connection.createChannel();
        this.service = service;
        this.queues = methods.keySet().stream().map(m -> service + "__" + m).toList();
        channel.exchangeDeclare(service, "direct", true, false, false, null);
        channel.basicQos(1);
        for (var method : methods.entrySet()) {
            String queue = service + "__" + method.getKey();
            channel.queueDeclare(queue, true, false, false, null);
            channel.queueBind(queue, service, queue);
            channel.basicConsume(queue, false, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                        throws IOException {
                    channel.basicAck(envelope.getDeliveryTag(), false);
                    JsonNode request = PythonStyleClient.JSON.readTree(body);
                    for (Map<String, Object> frame : method.getValue().apply(request)) {
                        reply(properties.getReplyTo(), properties.getCorrelationId(), frame);
                    }
                }
            });
        }
    }

    /** Publishes one frame as the original does: through exchange {@code svc}, routing key {@code reply_to}. */
    void reply(String replyTo, String correlationId, Map<String, Object> frame) throws IOException {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json").contentEncoding("utf-8").deliveryMode(2).correlationId(correlationId).build();
        channel.basicPublish(service, replyTo, properties, PythonStyleClient.JSON.writeValueAsBytes(frame));
    }

    static Map<String, Object> item(Object body) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("body", body);
        frame.put("__end__", false);
        return frame;
    }

    static Map<String, Object> end() {
        return Map.of("__end__", true);
    }

    static Map<String, Object> except(String text) {
        return Map.of("__except__", text);
    }

    @Override
    public void close() throws Exception {
        for (String queue : queues) {
            channel.queueDelete(queue);
        }
        channel.close();
    }
}
