package farine.rpc.internal.server;

import farine.ConfigException;
import farine.ConfigSection;
import java.util.Locale;

/** The keys an RPC server reads from its section, each checked with a message that names it (those a client reads too: {@code WireSettings}). */
public final class RpcSettings {

    public static final String CONCURRENCY = "concurrency";
    /** Not {@code prefetch}, which a section may set for its {@code @Consume} handlers (250, say) with RPC methods beside them. */
    public static final String PREFETCH = "rpc_prefetch";
    /** {@code full} (type, message and stack trace, the default) or {@code message} (type and message only) in error replies. */
    public static final String RPC_ERROR_DETAIL = "rpc_error_detail";
    /**
     * The largest reply message a server publishes, in bytes; a larger one is replaced by an error reply before it
     * reaches the broker, which would close the channel for it (its own {@code max_message_size}).
     */
    public static final String MAX_REPLY_SIZE = "max_reply_size";
    /** RabbitMQ 4's default {@code max_message_size}; RabbitMQ 3's is 128 MiB. */
    static final long DEFAULT_MAX_REPLY_SIZE = 16L * 1024 * 1024;
    /** Room for the error reply that says a reply was too large. */
    static final long MIN_MAX_REPLY_SIZE = 4096;
    static final int DEFAULT_CONCURRENCY = 8;

    private RpcSettings() {
    }

    /**
     * {@code rpc_prefetch}: how many requests the broker hands this server ahead of its workers (default: the concurrency;
     * a smaller value is raised to it, as {@code prefetch} is for {@code @Consume}). More than the concurrency keeps
     * requests at hand for the next free worker, at the price of holding them from the service's other servers.
     */
    public static int prefetch(ConfigSection config, String section, int concurrency) {
        int prefetch = config.integer(PREFETCH, concurrency);
        if (prefetch < 1 || prefetch > 65_535) {
            throw new ConfigException("[" + section + "] " + PREFETCH + " = " + prefetch
                    + ": must be from 1 to 65535 (requests the broker hands out ahead of the workers)");
        }
        return Math.max(prefetch, concurrency);
    }

    /** {@code concurrency} of a section, checked; {@code section} and {@code forWhat} (" for hello") for the message. */
    public static int concurrency(ConfigSection config, String section, String forWhat) {
        int concurrency = config.integer(CONCURRENCY, DEFAULT_CONCURRENCY);
        if (concurrency < 1 || concurrency > 65_535) {
            throw new ConfigException("[" + section + "] " + CONCURRENCY + " = " + concurrency + forWhat
                    + ": must be between 1 and 65535");
        }
        return concurrency;
    }

    /**
     * {@code max_reply_size} (read as {@code <method>.max_reply_size}, then {@code max_reply_size}): bytes, at least
     * {@value #MIN_MAX_REPLY_SIZE}, default 16 MiB; else a {@link ConfigException} naming section, key and value.
     */
    public static long maxReplySize(ConfigSection config) {
        long bytes = config.longValue(MAX_REPLY_SIZE, DEFAULT_MAX_REPLY_SIZE);
        if (bytes < MIN_MAX_REPLY_SIZE) {
            throw new ConfigException("[" + config.name() + "] " + MAX_REPLY_SIZE + " = " + bytes + ": must be at least "
                    + MIN_MAX_REPLY_SIZE + " (bytes; an error reply must fit)");
        }
        return bytes;
    }

    /** {@code rpc_error_detail}: true for {@code full} (the default), false for {@code message}; else a {@link ConfigException}. */
    public static boolean errorDetail(ConfigSection config) {
        String value = config.string(RPC_ERROR_DETAIL, "full").strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "full" -> true;
            case "message" -> false;
            default -> throw new ConfigException("[" + config.name() + "] " + RPC_ERROR_DETAIL + " = " + value
                    + ": must be full (type, message and stack trace in error replies) or message (type and message only)");
        };
    }
}
