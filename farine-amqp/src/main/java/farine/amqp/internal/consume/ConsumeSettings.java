package farine.amqp.internal.consume;

import farine.spi.Backoff;
import farine.ConfigException;
import farine.ConfigSection;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * One {@code @Consume} method's settings, read as {@code <method>.<key>} then {@code <key>}: how many
 * messages the broker may hand out ahead ({@code prefetch}), how many run at once ({@code concurrency};
 * 1 keeps the queue's order), and how often a failing message is retried ({@code retries}, with
 * exponential backoff from {@code retry_delay}) before it is dead-lettered.
 */
public record ConsumeSettings(int prefetch, int concurrency, int retries, Duration retryDelay) {

    static final String PREFETCH = "prefetch";
    static final String CONCURRENCY = "concurrency";
    static final String RETRIES = "retries";
    static final String RETRY_DELAY = "retry_delay";
    public static final Set<String> KEYS = Set.of(PREFETCH, CONCURRENCY, RETRIES, RETRY_DELAY);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    public static ConsumeSettings from(ConfigSection config) {
        int prefetch = atLeast(config, PREFETCH, config.integer(PREFETCH, 64), 1);
        int concurrency = atLeast(config, CONCURRENCY, config.integer(CONCURRENCY, 1), 1);
        int retries = atLeast(config, RETRIES, config.integer(RETRIES, 3), 0);
        Duration delay = config.duration(RETRY_DELAY, Duration.ofSeconds(1), ChronoUnit.MILLIS);
        if (delay.isNegative()) {
            throw new ConfigException("[" + config.name() + "] " + RETRY_DELAY + " must not be negative");
        }
        // workers beyond the prefetch would never get a message
        return new ConsumeSettings(Math.max(prefetch, concurrency), concurrency, retries, delay);
    }

    private static int atLeast(ConfigSection config, String key, int value, int min) {
        if (value < min) {
            throw new ConfigException("[" + config.name() + "] " + key + " = " + value + ": must be at least " + min);
        }
        return value;
    }

    /** The pause before retry number {@code retry} (1-based): {@code retry_delay} doubled each time, at most 60 s. */
    Duration backoff(int retry) {
        return Backoff.of(retryDelay, MAX_BACKOFF).delay(retry);
    }

    /** Whether a message that failed after {@code retriesSoFar} retries gets another one. */
    boolean retryAgain(int retriesSoFar) {
        return retriesSoFar < retries;
    }
}
