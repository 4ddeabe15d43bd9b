package farine.amqp.internal.publish;

import farine.spi.Backoff;
import farine.ConfigException;
import farine.ConfigSection;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * How publishing behaves, from INI: confirms are retried {@code publish_retries} times (0 when
 * {@code retry = false}) with exponential backoff from {@code publish_retry_delay}; the whole of it,
 * waiting for recovery included, is bounded by {@code publish_timeout}. With {@code confirm = false} a
 * send completes once the message is written to the connection: no confirm is asked for, and a message
 * lost with its connection, or returned as unroutable, is lost (fire and forget).
 */
public record PublishPolicy(int retries, Duration retryDelay, Duration timeout, boolean mandatory, int deliveryMode, boolean confirm,
        int maxUnconfirmed) {

    static final String RETRY = "retry";
    static final String PUBLISH_RETRIES = "publish_retries";
    static final String PUBLISH_RETRY_DELAY = "publish_retry_delay";
    static final String PUBLISH_TIMEOUT = "publish_timeout";
    static final String MANDATORY = "mandatory";
    static final String DELIVERY_MODE = "delivery_mode";
    static final String SERIALIZER = "serializer";
    /** false: publish without confirms (fire and forget); true, the default: a send completes when the broker confirms. */
    static final String CONFIRM = "confirm";
    /**
     * How many messages one publisher may have awaiting the broker's confirm: {@code sendAsync} past it waits for a
     * confirm (at most {@code publish_timeout}, then its future fails), so a fast publisher cannot queue without bound.
     */
    static final String MAX_UNCONFIRMED = "max_unconfirmed";
    static final int DEFAULT_MAX_UNCONFIRMED = 4096;
    public static final Set<String> KEYS = Set.of(RETRY, PUBLISH_RETRIES, PUBLISH_RETRY_DELAY, PUBLISH_TIMEOUT, MANDATORY, DELIVERY_MODE, SERIALIZER,
            CONFIRM, MAX_UNCONFIRMED);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    public static PublishPolicy from(ConfigSection config) {
        // the original retries a publish 5 times (PROTOCOL.md §4)
        int retries = config.bool(RETRY, true) ? config.integer(PUBLISH_RETRIES, 5) : 0;
        if (retries < 0) {
            throw new ConfigException("[" + config.name() + "] " + PUBLISH_RETRIES + " = " + retries + ": must be 0 or more");
        }
        int mode = config.integer(DELIVERY_MODE, 2);
        if (mode != 1 && mode != 2) {
            throw new ConfigException("[" + config.name() + "] " + DELIVERY_MODE + " = " + mode + ": must be 1 (transient) or 2 (persistent)");
        }
        String serializer = config.string(SERIALIZER, "json").strip();
        if (!serializer.equalsIgnoreCase("json")) {
            throw new ConfigException("[" + config.name() + "] " + SERIALIZER + " = \"" + serializer
                    + "\": only json is supported (the farine protocol is JSON, PROTOCOL.md §2)");
        }
        Duration timeout = config.duration(PUBLISH_TIMEOUT, Duration.ofSeconds(30), ChronoUnit.SECONDS);
        if (timeout.isZero() || timeout.isNegative()) {
            throw new ConfigException("[" + config.name() + "] " + PUBLISH_TIMEOUT + " = " + timeout.toMillis() + " ms: must be positive");
        }
        int maxUnconfirmed = config.integer(MAX_UNCONFIRMED, DEFAULT_MAX_UNCONFIRMED);
        if (maxUnconfirmed < 1) {
            throw new ConfigException("[" + config.name() + "] " + MAX_UNCONFIRMED + " = " + maxUnconfirmed
                    + ": must be at least 1 (messages awaiting the broker's confirm per publisher)");
        }
        return new PublishPolicy(retries, config.duration(PUBLISH_RETRY_DELAY, Duration.ofMillis(200), ChronoUnit.MILLIS),
                timeout, config.bool(MANDATORY, false), mode, config.bool(CONFIRM, true), maxUnconfirmed);
    }

    static PublishPolicy defaults() {
        return new PublishPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(30), false, 2, true, DEFAULT_MAX_UNCONFIRMED);
    }

    /** This policy with confirms whatever the section says: what farine publishes on a message's behalf (retries, dead letters) is never fire and forget. */
    public PublishPolicy confirmed() {
        return confirm ? this : new PublishPolicy(retries, retryDelay, timeout, mandatory, deliveryMode, true, maxUnconfirmed);
    }

    /** The pause before retry number {@code attempt} (1-based): the delay doubled each time, at most 5 s. */
    Duration backoff(int attempt) {
        return Backoff.of(retryDelay, MAX_BACKOFF).delay(attempt);
    }
}
