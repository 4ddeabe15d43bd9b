package farine.rpc.internal.wire;

import farine.ConfigException;
import farine.ConfigSection;
import java.util.Locale;
import java.util.Set;

/**
 * What a section says about the messages of its RPC calls, read alike by the server (its exchange and replies) and by
 * a client of the service (the exchange it declares and its requests), each checked with a message that names it.
 */
public final class WireSettings {

    /** {@code type}: the exchange the service's requests go to. */
    public static final String EXCHANGE_TYPE = "type";
    /**
     * PROTOCOL.md §2: RPC requests and replies are transient unless the section says {@code delivery_mode = 2}:
     * a request lives at most until its caller's deadline and a reply queue is exclusive and auto-delete, so a
     * broker restart ends the call either way.
     */
    public static final String DELIVERY_MODE = "delivery_mode";
    static final int TRANSIENT = 1;
    static final int PERSISTENT = 2;

    private WireSettings() {
    }

    /** {@code type}: direct (the default), topic, fanout or headers. */
    public static String exchangeType(ConfigSection config) {
        String value = config.string(EXCHANGE_TYPE, "direct").strip().toLowerCase(Locale.ROOT);
        if (!Set.of("direct", "topic", "fanout", "headers").contains(value)) {
            throw new ConfigException("[" + config.name() + "] " + EXCHANGE_TYPE + " = \"" + value
                    + "\": expected direct, topic, fanout or headers");
        }
        return value;
    }

    /** The {@code delivery_mode} of a section: 1 (transient, the default for RPC) or 2 (persistent). */
    public static int deliveryMode(ConfigSection section) {
        int mode = section.integer(DELIVERY_MODE, TRANSIENT);
        if (mode != TRANSIENT && mode != PERSISTENT) {
            throw new ConfigException("[" + section.name() + "] " + DELIVERY_MODE + " = " + mode + ": must be 1 (transient) or 2 (persistent)");
        }
        return mode;
    }
}
