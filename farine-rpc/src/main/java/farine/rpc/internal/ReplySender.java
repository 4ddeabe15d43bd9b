package farine.rpc.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.io.IOException;

/**
 * Publishes a server's replies on its own channel of the publishing connection. Replies go to the
 * default exchange with routing key {@code reply_to} (PROTOCOL.md §3), which reaches original
 * clients' queues, farine reply queues and direct reply-to alike. Thread-safe: workers publish
 * concurrently and a channel must not be used by two threads at once.
 */
final class ReplySender {

    private final Channel channel;

    ReplySender(Channel channel) {
        this.channel = channel;
    }

    void send(String replyTo, String correlationId, byte[] body) throws IOException {
        // transient: a reply is useless once its caller's exclusive reply queue is gone
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json").contentEncoding("utf-8").deliveryMode(1)
                .correlationId(correlationId).build();
        synchronized (channel) {
            channel.basicPublish("", replyTo, properties, body);
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
