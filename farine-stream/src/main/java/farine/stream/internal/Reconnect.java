package farine.stream.internal;

import farine.spi.Backoff;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to reconnect. After a connection that delivered events, the server's reconnection time
 * ({@code retry:}, default {@code reconnect_delay}); after each further failure in a row (refused
 * connection, 5xx, 4xx, a stream that ended before any event), twice as long as the last, capped at
 * {@code reconnect_max_delay}, with jitter so that many listeners do not reconnect in step; never less
 * than the server's reconnection time or its {@code Retry-After}. Not thread-safe: owned by the
 * listener's thread.
 */
final class Reconnect {

    /** Repeated failures back off from at least this, so that {@code retry: 0} cannot spin. */
    static final Duration MIN_BACKOFF = Duration.ofMillis(100);

    private final Duration maxDelay;
    private final RandomGenerator random;
    private int failures;

    Reconnect(Duration maxDelay, RandomGenerator random) {
        this.maxDelay = maxDelay;
        this.random = random;
    }

    /** A connection delivered events: the next wait is the plain reconnection time again. */
    void succeeded() {
        failures = 0;
    }

    /** The failures in a row so far. */
    int failures() {
        return failures;
    }

    /**
     * The wait before the next attempt.
     *
     * @param failed whether the attempt that just ended failed
     * @param retry the server's reconnection time
     * @param retryAfter the server's {@code Retry-After}, or null
     */
    Duration next(boolean failed, Duration retry, Duration retryAfter) {
        Duration wait = retry;
        if (failed) {
            failures++;
            if (failures > 1) {
                wait = backoff(retry);
            }
        } else {
            failures = 0;
        }
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            wait = retryAfter;
        }
        return wait;
    }

    private Duration backoff(Duration retry) {
        Duration base = retry.compareTo(MIN_BACKOFF) > 0 ? retry : MIN_BACKOFF;
        Duration cap = maxDelay.compareTo(retry) > 0 ? maxDelay : retry;
        // "equal jitter": somewhere in the upper half, never below the server's reconnection time
        Duration jittered = new Backoff(base, cap, Backoff.Jitter.UPPER_HALF).delay(failures, random);
        return jittered.compareTo(retry) > 0 ? jittered : retry;
    }
}
