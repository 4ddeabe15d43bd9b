package farine.rpc.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import farine.ConfigException;
import farine.ConfigSection;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes a server's replies on its own channel of the publishing connection. Replies go to the
 * default exchange with routing key {@code reply_to} (PROTOCOL.md §3), which reaches original
 * clients' queues, farine reply queues and direct reply-to alike. Thread-safe: workers publish
 * concurrently and a channel must not be used by two threads at once.
 */
final class ReplySender {

    /** PROTOCOL.md §2: messages are persistent unless the section says {@code delivery_mode = 1}. */
    static final String DELIVERY_MODE = "delivery_mode";
    static final int PERSISTENT = 2;

    // not a monitor: many workers reply at once, and a contended monitor spins on the CPU the broker needs
    private final ReentrantLock lock = new ReentrantLock();

    private final Channel channel;
    private final int deliveryMode;

    ReplySender(Channel channel, int deliveryMode) {
        this.channel = channel;
        this.deliveryMode = deliveryMode;
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
            lock.unlock();
        }
    }

    /** Two frames back to back under one lock (a single reply and its end): half the lock hand-offs under load. */
    void send(String replyTo, AMQP.BasicProperties properties, byte[] first, byte[] second) throws IOException {
        lock.lock();
        try {
            channel.basicPublish("", replyTo, properties, first);
            channel.basicPublish("", replyTo, properties, second);
        } finally {
            lock.unlock();
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
