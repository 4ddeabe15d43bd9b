package farine.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts messages a consumer has processed and remembers when the first and the last arrived, so a
 * drain rate excludes the consumer's start-up. Thread-safe; {@link #hit()} is called by consumer
 * threads.
 */
final class Probe {

    private long count;
    private long firstNanos;
    private long lastNanos;

    synchronized void hit() {
        long now = System.nanoTime();
        if (count == 0) {
            firstNanos = now;
        }
        lastNanos = now;
        count++;
    }

    synchronized long count() {
        return count;
    }

    /** Messages per second between the first and the last hit. */
    synchronized double rate() {
        return count < 2 ? Double.NaN : (count - 1) / ((lastNanos - firstNanos) / 1e9);
    }

    /** Waits until {@code expected} hits (polling: the consumer's threads must not pay for a wake-up). */
    void await(long expected, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": " + count() + " of " + expected + " messages after " + timeout.toSeconds() + " s");
            }
            LockSupport.parkNanos(2_000_000);
        }
    }
}
