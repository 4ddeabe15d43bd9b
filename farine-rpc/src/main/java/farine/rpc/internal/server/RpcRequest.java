package farine.rpc.internal.server;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;
import farine.amqp.spi.Delivery;
import farine.rpc.internal.wire.RequestHeaders;
import farine.spi.LogText;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One request an {@link RpcEntrypoint} received: the {@link Delivery} (acknowledged at most once, after its reply is
 * out) with where its reply goes and the caller's deadline, read once from its properties. It is also what its
 * reply's last frame does once out ({@link ReplySender#sendLast}'s {@code then}): acknowledge it, or requeue it when
 * the reply could not be published.
 */
final class RpcRequest extends Delivery implements Consumer<Exception> {

    private final RpcEntrypoint server;
    private final long deadline;
    private final Replies replies;

    /** {@code replies}: those of the channel it came on, where its reply and its acknowledgement go. */
    RpcRequest(RpcEntrypoint server, Channel channel, Envelope envelope, AMQP.BasicProperties properties, byte[] body, Replies replies) {
        super(server, channel, envelope, properties, body);
        this.server = server;
        this.deadline = deadline(properties);
        this.replies = replies;
    }

    Replies replies() {
        return replies;
    }

    String replyTo() {
        return properties().getReplyTo();
    }

    /** The caller's correlation id, as it goes back in the reply (null if it sent none). */
    String callId() {
        return properties().getCorrelationId();
    }

    /** The caller's correlation id, escaped for a log line (a caller's text: never raw into a log line). */
    String shownId() {
        return LogText.escape(properties().getCorrelationId());
    }

    /** The caller's deadline in epoch ms ({@link #deadline(AMQP.BasicProperties)}). */
    long deadline() {
        return deadline;
    }

    /** Whether the caller asked for one reply message ({@link RequestHeaders#SINGLE_REPLY_HEADER}). */
    boolean single() {
        Map<String, Object> headers = properties().getHeaders();
        return headers != null && Boolean.TRUE.equals(headers.get(RequestHeaders.SINGLE_REPLY_HEADER));
    }

    Object header(String name) {
        Map<String, Object> headers = properties().getHeaders();
        return headers == null ? null : headers.get(name);
    }

    /**
     * The reply's last frame is out (confirmed, with confirms; {@code error} when it could not be): ack, or requeue. A
     * request whose reply the broker refused ({@link ReplySender.Refused}) is requeued once: refused again after its
     * redelivery, it is dropped, so that a reply queue that refuses everything (a caller's choice of {@code reply_to})
     * cannot make the method run again and again, without end for a request without a deadline.
     */
    @Override
    public void accept(Exception error) {
        if (error == null) {
            ackOrRequeue(true);
            return;
        }
        if (error instanceof ReplySender.Refused && envelope().isRedeliver()) {
            server.refusedAgain(this, error);
            ackOrRequeue(true);
            return;
        }
        server.notPublished(this, error);
        ackOrRequeue(false);
    }

    static boolean expired(AMQP.BasicProperties properties) {
        return System.currentTimeMillis() > deadline(properties);
    }

    /** How late a request is, for the log: a deadline no clock can have meant (a forged header) is said as such. */
    static String lateness(long now, long deadline) {
        return deadline <= 0 ? "its deadline (" + deadline + ") being no time at all (a caller's bad header)"
                : (now - deadline) + " ms past the caller's deadline";
    }

    /**
     * The caller's deadline in epoch ms: the header a farine client sets, else the AMQP timestamp +
     * expiration; {@code Long.MAX_VALUE} when the request has none (the original sends none).
     */
    static long deadline(AMQP.BasicProperties properties) {
        Map<String, Object> headers = properties.getHeaders();
        if (headers != null && headers.get(RequestHeaders.DEADLINE_HEADER) instanceof Number deadline) {
            return deadline.longValue();
        }
        if (properties.getTimestamp() != null && properties.getExpiration() != null) {
            try {
                return Math.addExact(properties.getTimestamp().getTime(), Long.parseLong(properties.getExpiration()));
            } catch (NumberFormatException | ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }
        return Long.MAX_VALUE;
    }
}
