package farine.rpc.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import farine.ConfigException;
import farine.ConfigSection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a server's replies on its own channel of the publishing connection. Replies go to the
 * default exchange with routing key {@code reply_to} (PROTOCOL.md §3), which reaches original
 * clients' queues, farine reply queues and direct reply-to alike. Thread-safe: workers publish
 * concurrently and a channel must not be used by two threads at once.
 *
 * <p>A one-value reply ({@link #sendThen}) does not wait for the channel: it is queued, and whichever
 * worker holds the channel publishes every queued reply before letting go (combining). Under load this
 * replaces a lock hand-off per reply, each a virtual thread parked and unparked, with a queue insert;
 * every release of the lock is followed by a look at the queue, so a queued reply never waits for a
 * later one.
 */
final class ReplySender {

    private static final Logger LOG = LoggerFactory.getLogger(ReplySender.class);

    /** PROTOCOL.md §2: messages are persistent unless the section says {@code delivery_mode = 1}. */
    static final String DELIVERY_MODE = "delivery_mode";
    static final int PERSISTENT = 2;

    // not a monitor: many workers reply at once, and a contended monitor spins on the CPU the broker needs
    private final ReentrantLock lock = new ReentrantLock();

    private final Channel channel;
    private final int deliveryMode;
    private final ConcurrentLinkedQueue<Queued> queued;

    /** A reply of two frames waiting for the channel, and what to do once it is out or has failed. */
    record Queued(String replyTo, AMQP.BasicProperties properties, byte[] first, byte[] second, Consumer<Exception> then) {
    }

    ReplySender(Channel channel, int deliveryMode) {
        this(channel, deliveryMode, new ConcurrentLinkedQueue<>());
    }

    /** With the queue of waiting replies given: a test widens the window between its last poll and the unlock. */
    ReplySender(Channel channel, int deliveryMode, ConcurrentLinkedQueue<Queued> queued) {
        this.channel = channel;
        this.deliveryMode = deliveryMode;
        this.queued = queued;
    }

    /** The {@code delivery_mode} of a section: 2 (persistent, the default) or 1 (transient). */
    static int deliveryMode(ConfigSection section) {
        int mode = section.integer(DELIVERY_MODE, PERSISTENT);
        if (mode != 1 && mode != 2) {
            throw new ConfigException("[" + section.name() + "] " + DELIVERY_MODE + " = " + mode + ": must be 1 (transient) or 2 (persistent)");
        }
        return mode;
    }

    /** The properties of every reply frame to one request; build once, send many. */
    AMQP.BasicProperties properties(String correlationId) {
        return new AMQP.BasicProperties.Builder()
                .contentType("application/json").contentEncoding("utf-8").deliveryMode(deliveryMode)
                .correlationId(correlationId).build();
    }

    void send(String replyTo, String correlationId, byte[] body) throws IOException {
        send(replyTo, properties(correlationId), body);
    }

    void send(String replyTo, AMQP.BasicProperties properties, byte[] body) throws IOException {
        lock.lock();
        try {
            channel.basicPublish("", replyTo, properties, body);
        } finally {
            unlockAndDrain();
        }
    }

    /**
     * Publishes two frames back to back (a single reply and its end), then calls {@code then} with
     * {@code null}, or with the IOException or {@link ShutdownSignalException} that kept them from going
     * out. Both may happen in another worker's thread, before or after this method returns; {@code then}
     * must not block. Never throws.
     */
    void sendThen(String replyTo, AMQP.BasicProperties properties, byte[] first, byte[] second, Consumer<Exception> then) {
        queued.add(new Queued(replyTo, properties, first, second, then));
        if (lock.tryLock()) {
            unlockAndDrain();
        }
    }

    /**
     * Publishes every queued reply, releases the lock and settles them, then, as long as replies are
     * queued and the lock is free, does it again. A worker that queued its reply while the lock was held
     * found {@code tryLock} failing: the holder sees its reply here, after its own unlock, so no reply is
     * left behind. Settling (acknowledging, on another connection) happens outside the lock, after each
     * pass, so that a holder kept busy by a steady stream of replies does not hold back acknowledgements.
     */
    private void unlockAndDrain() {
        do {
            List<Queued> published = null;
            List<Exception> failures = null;
            try {
                Queued reply;
                while ((reply = queued.poll()) != null) {
                    if (published == null) {
                        published = new ArrayList<>();
                        failures = new ArrayList<>();
                    }
                    published.add(reply);
                    failures.add(publish(reply));
                }
            } finally {
                lock.unlock();
            }
            for (int i = 0; published != null && i < published.size(); i++) {
                try {
                    published.get(i).then().accept(failures.get(i));
                } catch (RuntimeException e) {
                    LOG.error("settling the reply to {} failed", published.get(i).replyTo(), e);
                }
            }
        } while (!queued.isEmpty() && lock.tryLock());
    }

    private Exception publish(Queued reply) {
        try {
            channel.basicPublish("", reply.replyTo(), reply.properties(), reply.first());
            channel.basicPublish("", reply.replyTo(), reply.properties(), reply.second());
            return null;
        } catch (IOException | RuntimeException e) {
            // ShutdownSignalException (the channel or connection is closed) is a RuntimeException
            return e;
        }
    }

    void close() {
        try {
            channel.abort();
        } catch (Exception e) {
            // closing on shutdown; nothing to tell
        }
    }
}
