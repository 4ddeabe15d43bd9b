package farine.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConfirmListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Asynchronous publisher confirms written by hand, as the RabbitMQ tutorial does: outstanding
 * publishes in a {@link ConcurrentSkipListMap} by sequence number, cleared (one or many at once)
 * by the confirm listener on the client's dispatch thread.
 */
final class RawPublisher implements AsyncPublisher {

    private final Channel channel;
    private final String exchange;
    private final String routingKey;
    private final Wire wire;
    private final AMQP.BasicProperties properties;
    private final boolean confirms;
    private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> outstanding = new ConcurrentSkipListMap<>();

    private RawPublisher(Channel channel, String exchange, String routingKey, Wire wire, boolean confirms) {
        this.channel = channel;
        this.confirms = confirms;
        this.properties = confirms ? Wire.properties().build() : Wire.properties().deliveryMode(1).build();
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.wire = wire;
    }

    static RawPublisher start(Connection connection, String exchange, String routingKey, Wire wire) {
        try {
            Channel channel = connection.createChannel();
            channel.confirmSelect();
            RawPublisher publisher = new RawPublisher(channel, exchange, routingKey, wire, true);
            channel.addConfirmListener(publisher.new Confirms());
            return publisher;
        } catch (IOException e) {
            throw new UncheckedIOException("opening a confirming channel to " + exchange, e);
        }
    }

    /** Transient messages without confirms, as a telemetry publisher writes them: done once written. */
    static RawPublisher fireAndForget(Connection connection, String exchange, String routingKey, Wire wire) {
        try {
            return new RawPublisher(connection.createChannel(), exchange, routingKey, wire, false);
        } catch (IOException e) {
            throw new UncheckedIOException("opening a channel to " + exchange, e);
        }
    }

    @Override
    public CompletableFuture<?> publish(Object body) {
        if (!confirms) {
            try {
                synchronized (channel) {
                    channel.basicPublish(exchange, routingKey, properties, wire.message(body));
                }
                return CompletableFuture.completedFuture(null);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        byte[] bytes = wire.message(body);
        try {
            synchronized (channel) {
                outstanding.put(channel.getNextPublishSeqNo(), confirmed);
                channel.basicPublish(exchange, routingKey, properties, bytes);
            }
        } catch (IOException e) {
            confirmed.completeExceptionally(e);
        }
        return confirmed;
    }

    @Override
    public void close() {
        Channels.abort(channel);
    }

    private final class Confirms implements ConfirmListener {
        @Override
        public void handleAck(long sequence, boolean multiple) {
            settle(sequence, multiple, null);
        }

        @Override
        public void handleNack(long sequence, boolean multiple) {
            settle(sequence, multiple, new IllegalStateException("broker nacked publish #" + sequence + " to " + exchange));
        }

        private void settle(long sequence, boolean multiple, RuntimeException failure) {
            ConcurrentNavigableMap<Long, CompletableFuture<Void>> settled =
                    multiple ? outstanding.headMap(sequence, true) : outstanding.subMap(sequence, true, sequence, true);
            for (CompletableFuture<Void> future : settled.values()) {
                if (failure == null) {
                    future.complete(null);
                } else {
                    future.completeExceptionally(failure);
                }
            }
            settled.clear();
        }
    }
}
