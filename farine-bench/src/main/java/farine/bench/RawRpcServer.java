package farine.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;

/**
 * An RPC server written by hand with the plain client, as a careful user would without farine:
 * serves {@code svc__echo} (one item: the first argument) and {@code svc__items} (a stream of
 * {@code n} integers) on exchange {@code svc}, replying to the default exchange with the request's
 * correlation id (PROTOCOL.md §3), transient, one message for a caller that asks for it, and acking after the
 * reply is published (without waiting for a confirm, where farine's server waits for one).
 */
final class RawRpcServer implements AutoCloseable {

    static final String ECHO = "echo";
    static final String ITEMS = "items";

    private final Channel channel;

    private RawRpcServer(Channel channel) {
        this.channel = channel;
    }

    static RawRpcServer start(Broker broker, Connection connection, String service, Wire wire, int prefetch) {
        try {
            Channel channel = connection.createChannel();
            channel.exchangeDeclare(service, BuiltinExchangeType.DIRECT, true, false, null);
            broker.exchangeDeclared(service);
            channel.basicQos(prefetch);
            for (String method : new String[] {ECHO, ITEMS}) {
                String queue = service + "__" + method;
                channel.queueDeclare(queue, true, false, false, null);
                broker.queueDeclared(queue);
                channel.queueBind(queue, service, queue);
                channel.basicConsume(queue, false, new Handler(channel, wire, method));
            }
            return new RawRpcServer(channel);
        } catch (IOException e) {
            throw new UncheckedIOException("starting the raw RPC server for " + service, e);
        }
    }

    @Override
    public void close() {
        Channels.abort(channel);
    }

    private static final class Handler extends DefaultConsumer {
        private final Wire wire;
        private final String method;

        Handler(Channel channel, Wire wire, String method) {
            super(channel);
            this.wire = wire;
            this.method = method;
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) throws IOException {
            JsonNode first = wire.read(body).get("args").get(0);
            AMQP.BasicProperties reply = Wire.properties().deliveryMode(1).correlationId(props.getCorrelationId()).build();
            Channel channel = getChannel();
            if (method.equals(ECHO)) {
                channel.basicPublish("", props.getReplyTo(), reply, wire.itemFrame(first));
                if (props.getHeaders() != null && Boolean.TRUE.equals(props.getHeaders().get(Wire.SINGLE_REPLY_HEADER))) {
                    channel.basicAck(envelope.getDeliveryTag(), false);
                    return; // the caller asked for one reply message
                }
            } else {
                int n = first.asInt();
                for (int i = 0; i < n; i++) {
                    channel.basicPublish("", props.getReplyTo(), reply, wire.itemFrame(IntNode.valueOf(i)));
                }
            }
            channel.basicPublish("", props.getReplyTo(), reply, Wire.END_FRAME);
            channel.basicAck(envelope.getDeliveryTag(), false);
        }
    }
}
