package farine.rpc.internal.server;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import farine.amqp.spi.AmqpConnection;
import farine.rpc.internal.wire.CorrelationIds;
import farine.spi.LogText;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of a stream's cancel (PROTOCOL.md §7): one queue per served method that streams,
 * {@code farine.cancel.<id>} (not durable, exclusive, auto-delete; farine-named so that topology recovery
 * declares it again under the same name), declared when the method first returns a stream. Its name goes as
 * {@code reply_to} on the first item frame of each stream; a farine caller that stops reading before the end
 * sends an empty message there with the call's {@code correlation_id} and its own reply queue as {@code reply_to},
 * and the {@link ReplyWriter} producing for that call stops ({@link ReplyWriter#cancel}). Nothing here runs for a
 * call that does not stream. Thread-safe; the consumer runs on the consuming connection's threads and never blocks.
 */
final class StreamCancels {

    private static final Logger LOG = LoggerFactory.getLogger(StreamCancels.class);

    private final AmqpConnection connector;
    private final String owner;
    private final String queue = "farine.cancel." + CorrelationIds.next();
    private final Map<String, ReplyWriter> running = new ConcurrentHashMap<>();
    private final Object openLock = new Object();
    private volatile Channel channel;
    /** System.nanoTime() before which a failed declaration is not tried again (0: never failed). */
    private volatile long retryAt;
    private final long retryNanos;

    /** {@code owner}: {@code service.method}, for the log. */
    StreamCancels(AmqpConnection connector, String owner) {
        this(connector, owner, RETRY_AFTER);
    }

    StreamCancels(AmqpConnection connector, String owner, java.time.Duration retryAfter) {
        this.connector = connector;
        this.owner = owner;
        this.retryNanos = retryAfter.toNanos();
    }

    /** After a failed declaration (a broker outage, a recovery under way), streams go without a cancel address this long. */
    static final java.time.Duration RETRY_AFTER = java.time.Duration.ofSeconds(10);

    /**
     * The cancel queue's name, declared and consumed on the first call (once per method); null when it cannot be
     * (then streams go out without a cancel address and run to their end, as before this addition), and tried again
     * by the first stream {@link #RETRY_AFTER} after the failure, so that one outage does not end cancelling for good.
     */
    String queue() {
        if (channel != null) {
            return queue;
        }
        if (retryAt != 0 && System.nanoTime() - retryAt < 0) {
            return null;
        }
        synchronized (openLock) {
            if (channel == null && (retryAt == 0 || System.nanoTime() - retryAt >= 0)) {
                Channel ch = null;
                try {
                    ch = connector.channel(connector.consuming());
                    ch.queueDeclare(queue, false, true, true, null);
                    ch.basicConsume(queue, true, new Cancels(ch));
                    channel = ch;
                } catch (IOException | RuntimeException e) {
                    retryAt = System.nanoTime() + retryNanos;
                    closeQuietly(ch);
                    LOG.warn("{}: cannot declare the stream cancel queue {} ({}); its streams run to their end even when the caller"
                            + " stops reading, until it is declared again (tried {} s from now)", owner, queue, e.toString(),
                            retryNanos / 1_000_000_000L);
                }
            }
        }
        return channel == null ? null : queue;
    }

    /** {@code writer} produces the stream of call {@code correlationId}; until {@link #done}. */
    void running(String correlationId, ReplyWriter writer) {
        running.put(correlationId, writer);
    }

    void done(String correlationId, ReplyWriter writer) {
        running.remove(correlationId, writer);
    }

    /** How many streams can be cancelled now (for tests). */
    int size() {
        return running.size();
    }

    void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(Channel ch) {
        if (ch != null) {
            try {
                ch.abort();
            } catch (Exception e) {
                // closing, or already closed by the failure; nothing to tell
            }
        }
    }

    /** A cancel: the call's correlation id, and the caller's reply queue, which must be the one its stream goes to. */
    private void cancel(String correlationId, String replyTo) {
        ReplyWriter writer = correlationId == null ? null : running.get(correlationId);
        if (writer == null || !Objects.equals(writer.replyTo(), replyTo)) {
            // the stream ended meanwhile, or a message that is not its caller's cancel
            LOG.debug("{}: cancel for no running stream dropped (correlation_id={})", owner, LogText.escape(correlationId));
            return;
        }
        writer.cancel();
    }

    private final class Cancels extends DefaultConsumer {
        Cancels(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            try {
                cancel(properties.getCorrelationId(), properties.getReplyTo());
            } catch (RuntimeException e) {
                LOG.warn("{}: cancel handling failed (correlation_id={})", owner, LogText.escape(properties.getCorrelationId()), e);
            }
        }
    }
}
