package farine.rpc.internal.server;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ShutdownSignalException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests of one RPC method whose reply may be what made the broker close the channel or the connection it went
 * out on, so that such a request cannot come back for ever. A reply the broker cannot route without failing kills what
 * carried it: one to a forged direct reply-to name ({@code amq.rabbitmq.reply-to.<a node that does not exist>}) makes
 * RabbitMQ 3.10's channel process crash, and the broker closes the whole connection (541 INTERNAL_ERROR); one over the
 * broker's {@code max_message_size} closes the channel (406). Its request was not acknowledged, so it is delivered
 * again, served again, and kills the connection again, once per recovery.
 *
 * <p>Which reply did it the broker does not say. So each {@link ReplySender} keeps the keys ({@code reply_to} and
 * correlation id) of the frames it wrote since its channel last died, and when the broker ends that channel or
 * connection for an error ({@link #countable}: a channel close, a connection close other than 320 CONNECTION_FORCED,
 * which is an operator's or a restarting broker's) each of them is counted here ({@link #died}). A request delivered
 * again whose key has been counted {@link #LIMIT} times is dropped (acknowledged, not run, no reply) with a WARN line
 * ({@link #deaths}). A restart, a network failure or an operator's close never counts, and the keys of a window are
 * those written since the previous death only, so a request that merely ran while one happened is never dropped.
 *
 * <p>Bounded: at most {@link #REMEMBERED} keys, the oldest forgotten first. Thread-safe: deaths are counted on the
 * connection's reader thread, looked up on the delivery thread, both rare (only requests delivered again look).
 */
final class FatalReplies {

    /** Deaths under a request's reply after which it is dropped when it comes back. */
    static final int LIMIT = 2;
    static final int REMEMBERED = 1024;

    private final Map<String, Integer> counts = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED;
        }
    };
    private volatile String lastReason = "";

    /** The broker ended a channel or connection for an error, not a restart, an operator or the network. */
    static boolean countable(ShutdownSignalException cause) {
        if (cause.isInitiatedByApplication()) {
            return false;
        }
        Object reason = cause.getReason();
        if (reason instanceof AMQP.Channel.Close) {
            return true;
        }
        return reason instanceof AMQP.Connection.Close close && close.getReplyCode() != AMQP.CONNECTION_FORCED;
    }

    static String key(String replyTo, String correlationId) {
        return replyTo + '\n' + correlationId;
    }

    /** The channel that carried the replies of {@code keys} (written since it last died) shut down with {@code cause}. */
    void died(List<String> keys, ShutdownSignalException cause) {
        if (!countable(cause) || keys.isEmpty()) {
            return;
        }
        lastReason = describe(cause);
        synchronized (counts) {
            for (String key : keys) {
                counts.merge(key, 1, Integer::sum);
            }
        }
    }

    /** How many times the broker ended the channel or connection right after this request's reply went out. */
    int deaths(String replyTo, String correlationId) {
        synchronized (counts) {
            return counts.getOrDefault(key(replyTo, correlationId), 0);
        }
    }

    /** The broker's words for the last death counted. */
    String lastReason() {
        return lastReason;
    }

    static String describe(ShutdownSignalException cause) {
        Object reason = cause.getReason();
        if (reason instanceof AMQP.Channel.Close close) {
            return "channel closed: " + close.getReplyCode() + " " + close.getReplyText();
        }
        if (reason instanceof AMQP.Connection.Close close) {
            return "connection closed: " + close.getReplyCode() + " " + close.getReplyText();
        }
        return String.valueOf(cause.getMessage());
    }
}
