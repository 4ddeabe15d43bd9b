package farine.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;

/**
 * An RPC server written by hand with the plain client, as a careful user would without farine:
 * serves {@code svc__echo} (one item: the first argument) and {@code svc__items} (a stream of
 * {@code n} integers) on exchange {@code svc}, replying to the default exchange with the request's
 * correlation id (PROTOCOL.md §3), transient, one message for a caller that asks for it, and acking after the
 * reply is published on the request's channel (as farine's server does by default). With
 * {@link RawProtocol#reply_connection} it replies on a channel of the publishing connection, and with
 * {@link RawProtocol#reply_confirms} also acks each request on its reply's confirm (farine's {@code reply_confirm = true}).
 */
final class RawRpcServer implements AutoCloseable {

    static final String ECHO = "echo";
    static final String ITEMS = "items";

    private final Channel channel;
    private final Channel replyChannel;

    private RawRpcServer(Channel channel, Channel replyChannel) {
        this.channel = channel;
        this.replyChannel = replyChannel;
    }

    static RawRpcServer start(Broker broker, Connection connection, String service, Wire wire, int prefetch) {
        return start(broker, connection, null, service, wire, prefetch, EnumSet.noneOf(RawProtocol.class));
    }

    static RawRpcServer start(Broker broker, Connection connection, Connection publishing, String service, Wire wire, int prefetch,
            Set<RawProtocol> protocol) {
        try {
            Channel channel = connection.createChannel();
            boolean separate = protocol.contains(RawProtocol.reply_connection) || protocol.contains(RawProtocol.reply_confirms);
            Channel replyChannel = separate ? publishing.createChannel() : null;
            Confirms confirms = null;
            if (protocol.contains(RawProtocol.reply_confirms)) {
                confirms = new Confirms(channel, protocol.contains(RawProtocol.multiple_acks));
                replyChannel.confirmSelect();
                replyChannel.addConfirmListener(confirms::confirmed, confirms::confirmed);
            }
            channel.exchangeDeclare(service, BuiltinExchangeType.DIRECT, true, false, null);
            broker.exchangeDeclared(service);
            channel.basicQos(prefetch);
            for (String method : new String[] {ECHO, ITEMS}) {
                String queue = service + "__" + method;
                channel.queueDeclare(queue, true, false, false, null);
                broker.queueDeclared(queue);
                channel.queueBind(queue, service, queue);
                channel.basicConsume(queue, false, new Handler(channel, replyChannel, confirms, wire, method));
            }
            return new RawRpcServer(channel, replyChannel);
        } catch (IOException e) {
            throw new UncheckedIOException("starting the raw RPC server for " + service, e);
        }
    }

    @Override
    public void close() {
        Channels.abort(channel);
        if (replyChannel != null) {
            Channels.abort(replyChannel);
        }
    }

    /** Requests acked on their replies' confirms: delivery tag by the reply's publish sequence number. */
    private static final class Confirms {
        private final Channel consuming;
        private final ConcurrentSkipListMap<Long, Long> tags = new ConcurrentSkipListMap<>();
        private final boolean multipleAcks;

        Confirms(Channel consuming, boolean multipleAcks) {
            this.consuming = consuming;
            this.multipleAcks = multipleAcks;
        }

        void confirmed(long seq, boolean multiple) throws IOException {
            if (multiple) {
                ConcurrentNavigableMap<Long, Long> settled = tags.headMap(seq, true);
                if (multipleAcks) {
                    // replies go out in delivery order: every tag up to the last one settled here is settled
                    Map.Entry<Long, Long> last = settled.lastEntry();
                    if (last != null) {
                        consuming.basicAck(last.getValue(), true);
                    }
                } else {
                    for (Map.Entry<Long, Long> e : settled.entrySet()) {
                        consuming.basicAck(e.getValue(), false);
                    }
                }
                settled.clear();
            } else {
                Long tag = tags.remove(seq);
                if (tag != null) {
                    consuming.basicAck(tag, false);
                }
            }
        }
    }

    private static final class Handler extends DefaultConsumer {
        private final Channel replyChannel;
        private final Confirms confirms;
        private final Wire wire;
        private final String method;

        Handler(Channel channel, Channel replyChannel, Confirms confirms, Wire wire, String method) {
            super(channel);
            this.replyChannel = replyChannel == null ? channel : replyChannel;
            this.confirms = confirms;
            this.wire = wire;
            this.method = method;
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) throws IOException {
            JsonNode first = wire.read(body).get("args").get(0);
            AMQP.BasicProperties reply = Wire.properties().deliveryMode(1).correlationId(props.getCorrelationId()).build();
            Channel channel = replyChannel;
            if (method.equals(ECHO)) {
                if (props.getHeaders() != null && Boolean.TRUE.equals(props.getHeaders().get(Wire.SINGLE_REPLY_HEADER))) {
                    last(channel, props.getReplyTo(), reply, wire.itemFrame(first), envelope.getDeliveryTag());
                    return; // the caller asked for one reply message
                }
                channel.basicPublish("", props.getReplyTo(), reply, wire.itemFrame(first));
            } else {
                int n = first.asInt();
                for (int i = 0; i < n; i++) {
                    channel.basicPublish("", props.getReplyTo(), reply, wire.itemFrame(IntNode.valueOf(i)));
                }
            }
            last(channel, props.getReplyTo(), reply, Wire.END_FRAME, envelope.getDeliveryTag());
        }

        /** The reply's last frame, then the ack: at once, or on the frame's confirm. */
        private void last(Channel channel, String replyTo, AMQP.BasicProperties reply, byte[] frame, long deliveryTag) throws IOException {
            if (confirms == null) {
                channel.basicPublish("", replyTo, reply, frame);
                getChannel().basicAck(deliveryTag, false);
                return;
            }
            // one dispatch thread publishes on this channel: the sequence number read before is the frame's
            confirms.tags.put(channel.getNextPublishSeqNo(), deliveryTag);
            channel.basicPublish("", replyTo, reply, frame);
        }
    }
}
