package farine.rpc.internal.wire;

/** The request headers a farine client sets and a farine server reads, besides the token ({@link RpcToken#HEADER}). */
public final class RequestHeaders {

    /** Set by farine clients: the call's deadline in epoch milliseconds (the original ignores headers). */
    public static final String DEADLINE_HEADER = "x-farine-deadline";
    /**
     * Set (true) by farine's Java client on calls that are not streams: it takes a plain value as one message,
     * without the {@code __end__} that follows it for other callers (PROTOCOL.md §3, additions). Callers that
     * do not set it (Python farine's) get body then {@code __end__}, as from the original server.
     */
    public static final String SINGLE_REPLY_HEADER = "x-farine-single-reply";

    private RequestHeaders() {
    }
}
