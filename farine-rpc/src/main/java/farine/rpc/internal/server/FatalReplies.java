package farine.rpc.internal.server;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ShutdownSignalException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requests of one RPC method whose reply may be what made the broker close the channel or the connection it went
 * out on, so that such a request cannot come back for ever. A reply the broker cannot route without failing kills what
 * carried it: one to a forged direct reply-to name ({@code amq.rabbitmq.reply-to.<a node that does not exist>}) makes
 * RabbitMQ 3.10's channel process crash, and the broker closes the whole connection (541 INTERNAL_ERROR); one over the
 * broker's {@code max_message_size} closes the channel (406). Its request was not acknowledged, so it is delivered
 * again, served again, and kills the connection again, once per recovery.
 *
 * <p>Which reply did it the broker does not say, and the requests whose replies went out beside it (before it, or
 * after it and discarded with the channel) come back with it. So each {@link ReplySender} keeps where the frames it
 * wrote since its channel last died went ({@code reply_to}, correlation id) and their size, and when the broker ends
 * that channel or connection for an error ({@link #countable}: a channel close, a connection close other than 320
 * CONNECTION_FORCED, which is an operator's or a restarting broker's) only the replies that can have done it are
 * counted ({@link #suspects}): for a connection close, those to a direct reply-to name (the only reply_to whose
 * reply can crash a channel process; farine's callers use their own reply queues); for a channel close, those larger
 * than the limit the broker names ("larger than configured max size N"; every frame before the fatal one was accepted,
 * so at most N), else the largest of the window; a channel close that names no size (an unknown delivery tag, a
 * permission) is no reply's doing and counts none. A request delivered again whose key has been counted {@link #LIMIT}
 * times is dropped (acknowledged, not run, no reply) with a WARN line ({@link #deaths}). A restart, a network failure
 * or an operator's close never counts, and a request with an ordinary reply_to and replies under the broker's limit is
 * never counted, however many deaths it is delivered beside. Left: a caller using direct reply-to whose request is
 * delivered beside a forged one at two deaths in a row is dropped with it (its name cannot be told from the forged one
 * without knowing the broker's nodes).
 *
 * <p>Bounded: at most {@link #REMEMBERED} keys, the oldest forgotten first. Thread-safe: deaths are counted on the
 * connection's reader thread, looked up on the delivery thread, both rare (only requests delivered again look).
 */
final class FatalReplies {

    /** Deaths under a request's reply after which it is dropped when it comes back. */
    static final int LIMIT = 2;
    static final int REMEMBERED = 1024;
    static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to.";
    private static final Pattern MAX_SIZE = Pattern.compile("max size (\\d{1,18})");

    /** A request whose reply went out on a channel: where, and its largest frame's size in bytes. */
    record Sent(String replyTo, String correlationId, int size) {
        String key() {
            return FatalReplies.key(replyTo, correlationId);
        }
    }

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

    /** The channel that carried the replies {@code sent} (since it last died) shut down with {@code cause}. */
    void died(List<Sent> sent, ShutdownSignalException cause) {
        if (!countable(cause) || sent.isEmpty()) {
            return;
        }
        List<Sent> suspects = suspects(sent, cause);
        if (suspects.isEmpty()) {
            return;
        }
        lastReason = describe(cause);
        synchronized (counts) {
            for (Sent s : suspects) {
                counts.merge(s.key(), 1, Integer::sum);
            }
        }
    }

    /** Of the replies {@code sent} before a countable {@code cause}, those that can have caused it. */
    static List<Sent> suspects(List<Sent> sent, ShutdownSignalException cause) {
        if (cause.getReason() instanceof AMQP.Connection.Close) {
            // a reply kills a connection only through a channel process crashing on a direct reply-to name
            return sent.stream().filter(s -> s.replyTo() != null && s.replyTo().startsWith(DIRECT_REPLY_TO)).toList();
        }
        if (cause.getReason() instanceof AMQP.Channel.Close close) {
            Matcher limit = MAX_SIZE.matcher(String.valueOf(close.getReplyText()));
            if (!limit.find()) {
                // not a reply's size (an unknown delivery tag, a permission): no reply is to blame, none is counted
                return List.of();
            }
            long max = Long.parseLong(limit.group(1));
            List<Sent> over = sent.stream().filter(s -> s.size() > max).toList();
            if (!over.isEmpty()) {
                return over;
            }
            // the broker measures differently (properties, headers): a limit refuses the largest first
            int largest = sent.stream().mapToInt(Sent::size).max().orElse(0);
            return sent.stream().filter(s -> s.size() == largest).toList();
        }
        return List.of();
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
