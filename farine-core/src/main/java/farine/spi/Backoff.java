package farine.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff, the one way farine spaces out attempts: the pause before attempt {@code n} (1-based) is
 * {@code first} doubled {@code n - 1} times, at most {@code max}, then {@linkplain Jitter jittered}. Used by an
 * {@code @Execute} restart, a stream's reconnection, a consumed message's retry, a publish's retry and the AMQP
 * connect loop; each keeps its own count of attempts. An immutable value; any thread.
 *
 * <pre>{@code
 * Backoff backoff = Backoff.of(Duration.ofMillis(200), Duration.ofSeconds(5));
 * Duration pause = backoff.delay(3); // 800 ms
 * }</pre>
 */
public record Backoff(Duration first, Duration max, Jitter jitter) {

    /** How a pause is spread, so that many instances do not retry in step. */
    public enum Jitter {
        /** The exact pause. */
        NONE,
        /** Up to a fifth below the pause. */
        FIFTH_BELOW,
        /** Somewhere in the upper half of the pause ("equal jitter"). */
        UPPER_HALF
    }

    public Backoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(jitter, "jitter");
    }

    /** Without jitter. */
    public static Backoff of(Duration first, Duration max) {
        return new Backoff(first, max, Jitter.NONE);
    }

    /** This backoff with {@code jitter}. */
    public Backoff with(Jitter jitter) {
        return new Backoff(first, max, jitter);
    }

    /** The pause before attempt {@code attempt} (1-based; 0 or less counts as 1), jittered with {@link ThreadLocalRandom}. */
    public Duration delay(int attempt) {
        return jitter == Jitter.NONE ? Duration.ofMillis(exponential(attempt)) : delay(attempt, ThreadLocalRandom.current());
    }

    /** The pause before attempt {@code attempt}, jittered with {@code random} (a seeded one in tests). */
    public Duration delay(int attempt, RandomGenerator random) {
        long exponential = exponential(attempt);
        return Duration.ofMillis(switch (jitter) {
            case NONE -> exponential;
            case FIFTH_BELOW -> exponential == 0 ? 0 : exponential - random.nextLong(exponential / 5 + 1);
            case UPPER_HALF -> {
                long half = exponential / 2;
                yield half + (half == 0 ? 0 : random.nextLong(half + 1));
            }
        });
    }

    /** {@code first << (attempt - 1)} in ms, at most {@code max}, without overflow. */
    private long exponential(int attempt) {
        long base = first.toMillis();
        long cap = max.toMillis();
        int shift = Math.min(Math.max(attempt - 1, 0), 62);
        return base > (cap >> shift) ? cap : base << shift;
    }
}
