package farine.spi;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A W3C Trace Context position ({@code traceparent} and {@code tracestate}): the trace, the current span in
 * it, the sampled flag and the vendors' state. Immutable; {@link #current()} is the context of the worker
 * running on this thread, which entry points set (continuing the context a message or request carries)
 * and publishers and RPC clients read (their message carries a {@link #child()} of it).
 *
 * <pre>{@code
 * TraceContext context = TraceContext.parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null);
 * context.traceId();   // 0af7651916cd43dd8448eb211c80319c
 * }</pre>
 *
 * @param traceId 32 lowercase hex digits, not all zero
 * @param spanId 16 lowercase hex digits, not all zero
 * @param flags the trace flags byte (bit 0: sampled)
 * @param traceState the {@code tracestate} header as received, or null
 */
public record TraceContext(String traceId, String spanId, int flags, String traceState) {

    /** The AMQP header (and HTTP header) names of the W3C Trace Context specification. */
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private static final int SAMPLED = 1;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final ThreadLocal<TraceContext> CURRENT = new ThreadLocal<>();

    /** A new trace (sampled) with a random trace id and span id. */
    public static TraceContext root() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new TraceContext(hex(nonZero(random), random.nextLong()), hex(nonZero(random)), SAMPLED, null);
    }

    /**
     * The context a {@code traceparent} header gives, with {@code tracestate} (may be null), or null when the header is
     * absent or malformed (version {@code ff}, wrong lengths, upper-case or non-hex digits, all-zero ids): the caller
     * then starts a new trace, as the specification asks. A later version's extra fields are ignored.
     */
    public static TraceContext parse(Object traceparent, Object tracestate) {
        if (traceparent == null) {
            return null;
        }
        String value = traceparent.toString();
        if (value.length() < 55 || value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-'
                || (value.length() > 55 && (value.startsWith("00") || value.charAt(55) != '-'))) {
            return null;
        }
        // checked in place: only the two ids become strings of their own (a request's header is parsed per call)
        if (!isHex(value, 0, 2) || (value.charAt(0) == 'f' && value.charAt(1) == 'f') || !isHex(value, 3, 35)
                || !isHex(value, 36, 52) || !isHex(value, 53, 55) || isZero(value, 3, 35) || isZero(value, 36, 52)) {
            return null;
        }
        String state = tracestate == null ? null : tracestate.toString().strip();
        return new TraceContext(value.substring(3, 35), value.substring(36, 52), Character.digit(value.charAt(53), 16) << 4
                | Character.digit(value.charAt(54), 16), state == null || state.isEmpty() ? null : state);
    }

    /** The same trace, a new span (whose parent this one is), same flags and state. */
    public TraceContext child() {
        return new TraceContext(traceId, hex(nonZero(ThreadLocalRandom.current())), flags, traceState);
    }

    /** The {@code traceparent} header: {@code 00-<trace id>-<span id>-<flags>}. */
    public String traceparent() {
        StringBuilder s = new StringBuilder(55).append("00-").append(traceId).append('-').append(spanId).append('-');
        return s.append(HEX[(flags >> 4) & 0xf]).append(HEX[flags & 0xf]).toString();
    }

    public boolean sampled() {
        return (flags & SAMPLED) != 0;
    }

    /** {@code headers} with this context's {@code traceparent} (and {@code tracestate}) added, in a new map. */
    public Map<String, Object> addTo(Map<String, Object> headers) {
        Map<String, Object> with = new HashMap<>(headers == null ? Map.of() : headers);
        with.put(TRACEPARENT, traceparent());
        if (traceState != null) {
            with.put(TRACESTATE, traceState);
        }
        return with;
    }

    /** The context of the work running on this thread (a worker's), or null. */
    public static TraceContext current() {
        return CURRENT.get();
    }

    /**
     * Makes {@code context} (null: none) the current one on this thread and returns the one it replaces, which the
     * caller puts back when its work ends. Called by the container around each worker and by instrumentation that
     * runs work on threads of its own.
     */
    public static TraceContext makeCurrent(TraceContext context) {
        TraceContext previous = CURRENT.get();
        if (context == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(context);
        }
        return previous;
    }

    private static long nonZero(ThreadLocalRandom random) {
        long value;
        do {
            value = random.nextLong();
        } while (value == 0);
        return value;
    }

    private static String hex(long... words) {
        char[] out = new char[words.length * 16];
        for (int w = 0; w < words.length; w++) {
            long v = words[w];
            for (int i = 15; i >= 0; i--) {
                out[w * 16 + i] = HEX[(int) (v & 0xf)];
                v >>>= 4;
            }
        }
        return new String(out);
    }

    /** Whether {@code s} holds lowercase hex digits only from {@code from} to {@code to} (exclusive). */
    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if ((char) (c - '0') > 9 && (char) (c - 'a') > 5) { // unsigned: below '0' or 'a' wraps round to large
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
