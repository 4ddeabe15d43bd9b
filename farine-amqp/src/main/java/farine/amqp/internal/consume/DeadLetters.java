package farine.amqp.internal.consume;

import com.rabbitmq.client.LongString;
import farine.amqp.internal.publish.ConfirmingChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The headers farine adds when it retries or dead-letters a consumed message. A retry is published
 * again to the same queue through the default exchange, so the original exchange and routing key
 * travel in headers; a dead letter goes to {@code <queue>.dead} with the error.
 */
final class DeadLetters {

    static final String RETRIES = "x-farine-retries";
    static final String EXCHANGE = "x-farine-exchange";
    static final String ROUTING_KEY = "x-farine-routing-key";
    static final String ERROR = "x-farine-error";
    static final String FAILED_AT = "x-farine-failed-at";
    static final String SERVICE = "x-farine-service";
    static final String METHOD = "x-farine-method";
    static final String QUEUE = "x-farine-queue";
    // quorum queues count deliveries themselves
    static final String DELIVERY_COUNT = "x-delivery-count";
    private static final int MAX_ERROR_LENGTH = 2000;

    private DeadLetters() {
    }

    /** How many times farine retried the message already: {@code x-farine-retries}, else quorum's {@code x-delivery-count}, else 0. */
    static int retries(Map<String, Object> headers) {
        if (headers == null) {
            return 0;
        }
        Object own = headers.get(RETRIES);
        Object value = own != null ? own : headers.get(DELIVERY_COUNT);
        if (value instanceof Number n) {
            return Math.max(0, n.intValue());
        }
        if (value != null) {
            try {
                return Math.max(0, Integer.parseInt(value.toString().strip()));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** The headers of the next try: the original's, the count plus one, and where it was first published. */
    static Map<String, Object> forRetry(Map<String, Object> original, int retriesSoFar, String exchange, String routingKey) {
        Map<String, Object> headers = copy(original);
        headers.put(RETRIES, retriesSoFar + 1);
        headers.putIfAbsent(EXCHANGE, exchange);
        headers.putIfAbsent(ROUTING_KEY, routingKey);
        return headers;
    }

    /** The headers of a dead letter: the original's plus the error, when, and who gave up. */
    static Map<String, Object> forDeadLetter(Map<String, Object> original, String error, Instant failedAt, String service,
                                             String method, String queue, String exchange, String routingKey) {
        Map<String, Object> headers = copy(original);
        headers.put(ERROR, error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) + "..." : error);
        headers.put(FAILED_AT, failedAt.toString());
        headers.put(SERVICE, service);
        headers.put(METHOD, method);
        headers.put(QUEUE, queue);
        headers.putIfAbsent(EXCHANGE, exchange);
        headers.putIfAbsent(ROUTING_KEY, routingKey);
        return headers;
    }

    /** {@code Type: message}, as the original formats errors (PROTOCOL.md §3). */
    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getName() + (message == null ? "" : ": " + message);
    }

    private static Map<String, Object> copy(Map<String, Object> original) {
        Map<String, Object> headers = original == null ? new LinkedHashMap<>() : new LinkedHashMap<>(original);
        headers.remove(ConfirmingChannel.SEQ_HEADER); // a publisher's bookkeeping, not the message's
        return headers;
    }

    /** Header values as a user expects them: AMQP long strings become {@code String}, also inside lists and tables. */
    static Map<String, Object> readable(Map<String, Object> headers) {
        if (headers == null || headers.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> out = new HashMap<>();
        headers.forEach((k, v) -> out.put(k, readableValue(v)));
        out.remove(ConfirmingChannel.SEQ_HEADER);
        return java.util.Collections.unmodifiableMap(out);
    }

    @SuppressWarnings("unchecked")
    private static Object readableValue(Object v) {
        if (v instanceof LongString s) {
            return s.toString();
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(x -> out.add(readableValue(x)));
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            return readable((Map<String, Object>) map);
        }
        return v;
    }
}
