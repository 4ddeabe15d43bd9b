package farine.rpc.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes a server's replies on its own channel of the publishing connection. Replies go to the
 * default exchange with routing key {@code reply_to} (PROTOCOL.md §3), which reaches original
 * clients' queues, farine reply queues and direct reply-to alike. Thread-safe: workers publish
 * concurrently and a channel must not be used by two threads at once.
 */
final class ReplySender {

    private final Channel channel;
    // not a monitor: many workers reply at once, and a contended monitor spins on the CPU the broker needs
    private final ReentrantLock lock = new ReentrantLock();

    ReplySender(Channel channel) {
        this.channel = channel;
    }

    /** The properties of every reply frame to one request; build once, send many. */
    static AMQP.BasicProperties properties(String correlationId) {
        // transient: a reply is useless once its caller's exclusive reply queue is gone
        return new AMQP.BasicProperties.Builder()
                .contentType("application/json").contentEncoding("utf-8").deliveryMode(1)
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
