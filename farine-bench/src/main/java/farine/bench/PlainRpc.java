package farine.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.ObjectMapper;

/**
 * The RPC a careful user writes from RabbitMQ's own tutorial (tutorial six) with the plain client, no farine
 * protocol: a server queue, transient requests, direct reply-to ({@code amq.rabbitmq.reply-to}), one reply
 * message, the body a JSON string (Jackson, as such a user would), the server acking after its reply. The
 * baseline of the README's RPC rows: what a user compares farine with.
 */
final class PlainRpc {

    static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";
    private static final long TIMEOUT_SECONDS = 30;

    private PlainRpc() {
    }

    /** The server: {@code queue} (declared here, non-durable as in the tutorial), prefetch {@code prefetch}, echoes its argument. */
    static final class Server implements AutoCloseable {
        private final Channel channel;

        Server(Broker broker, Connection connection, String queue, ObjectMapper mapper, int prefetch) {
            try {
                channel = connection.createChannel();
                channel.queueDeclare(queue, false, false, false, null);
                broker.queueDeclared(queue);
                channel.basicQos(prefetch);
                channel.basicConsume(queue, false, new DefaultConsumer(channel) {
                    @Override
                    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) throws IOException {
                        String text = mapper.readValue(body, String.class);
                        AMQP.BasicProperties reply = new AMQP.BasicProperties.Builder().correlationId(props.getCorrelationId()).build();
                        getChannel().basicPublish("", props.getReplyTo(), reply, mapper.writeValueAsBytes(text));
                        getChannel().basicAck(envelope.getDeliveryTag(), false);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("starting the plain RPC server on " + queue, e);
            }
        }

        @Override
        public void close() {
            Channels.abort(channel);
        }
    }

    /** The client: one channel consuming direct reply-to, a map of pending calls by correlation id. */
    static final class Client implements RpcCaller {
        private final Channel channel;
        private final String queue;
        private final ObjectMapper mapper;
        private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

        Client(Connection connection, String queue, ObjectMapper mapper) {
            this.queue = queue;
            this.mapper = mapper;
            try {
                channel = connection.createChannel();
                // direct reply-to: consume (auto-ack) before the first publish, on the channel that publishes
                channel.basicConsume(DIRECT_REPLY_TO, true, new DefaultConsumer(channel) {
                    @Override
                    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                        CompletableFuture<String> call = pending.remove(props.getCorrelationId());
                        if (call != null) {
                            call.complete(mapper.readValue(body, String.class));
                        }
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("starting the plain RPC client of " + queue, e);
            }
        }

        @Override
        public String echo(String text) {
            try {
                return echoAsync(text).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while calling " + queue, e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("plain call to " + queue + " failed: " + e, e);
            }
        }

        @Override
        public CompletableFuture<String> echoAsync(String text) {
            String correlationId = UUID.randomUUID().toString();
            CompletableFuture<String> call = new CompletableFuture<>();
            pending.put(correlationId, call);
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().correlationId(correlationId).replyTo(DIRECT_REPLY_TO).build();
            try {
                channel.basicPublish("", queue, props, mapper.writeValueAsBytes(text));
            } catch (IOException e) {
                pending.remove(correlationId);
                call.completeExceptionally(e);
            }
            return call;
        }

        @Override
        public long items(int n) {
            throw new UnsupportedOperationException("the plain tutorial RPC has no streams");
        }

        @Override
        public void close() {
            Channels.abort(channel);
        }
    }
}
