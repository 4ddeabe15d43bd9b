package farine.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A consumer written by hand with the plain client: prefetch 250, JSON decoded, one manual ack per
 * message. With concurrency 1 the client's dispatch thread does the work; with more, a fixed pool
 * of that many threads does (and acks, which the client allows from any thread).
 */
final class RawConsumer implements AutoCloseable {

    private final Channel channel;
    private final ExecutorService workers;

    private RawConsumer(Channel channel, ExecutorService workers) {
        this.channel = channel;
        this.workers = workers;
    }

    static RawConsumer start(Connection connection, String queue, int prefetch, int concurrency, Wire wire, Probe probe) {
        ExecutorService workers = concurrency > 1 ? Executors.newFixedThreadPool(concurrency) : null;
        try {
            Channel channel = connection.createChannel();
            channel.basicQos(prefetch);
            channel.basicConsume(queue, false, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) throws IOException {
                    if (workers == null) {
                        process(envelope.getDeliveryTag(), body);
                    } else {
                        workers.execute(() -> {
                            try {
                                process(envelope.getDeliveryTag(), body);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
                    }
                }

                private void process(long deliveryTag, byte[] body) throws IOException {
                    wire.read(body);
                    probe.hit();
                    getChannel().basicAck(deliveryTag, false);
                }
            });
            return new RawConsumer(channel, workers);
        } catch (IOException e) {
            if (workers != null) {
                workers.shutdownNow();
            }
            throw new UncheckedIOException("consuming " + queue, e);
        }
    }

    /** The workers first, so that none acknowledges on the channel after it is gone (it printed AlreadyClosedException traces). */
    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
            try {
                workers.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Channels.abort(channel);
    }
}
