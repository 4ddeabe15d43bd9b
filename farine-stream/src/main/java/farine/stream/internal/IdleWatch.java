package farine.stream.internal;

import java.time.Duration;

/**
 * The {@code read_timeout} of one connection: runs {@code onIdle} (which closes the connection, so the
 * blocked read fails) when no bytes arrived for the timeout. Time the method spends on an event is not
 * idle time: the watch is paused while an event is being handled. Thread-safe: {@link #active()} and
 * {@link #paused} are called by the reading thread, the watch runs on its own virtual thread.
 */
final class IdleWatch implements AutoCloseable {

    private final long timeoutNanos;
    private final Runnable onIdle;
    private final Object lock = new Object();
    private long lastActivity = System.nanoTime();
    private boolean paused;
    private boolean closed;
    private volatile boolean fired;

    private IdleWatch(Duration timeout, Runnable onIdle) {
        this.timeoutNanos = timeout.toNanos();
        this.onIdle = onIdle;
    }

    /** Starts watching; a zero timeout gives a watch that never fires. */
    static IdleWatch start(Duration timeout, Runnable onIdle, String threadName) {
        IdleWatch watch = new IdleWatch(timeout, onIdle);
        if (!timeout.isZero()) {
            Thread.ofVirtual().name(threadName).start(watch::watch);
        }
        return watch;
    }

    private void watch() {
        synchronized (lock) {
            try {
                while (!closed) {
                    long remaining = lastActivity + timeoutNanos - System.nanoTime();
                    if (paused) {
                        lock.wait();
                    } else if (remaining > 0) {
                        lock.wait(remaining / 1_000_000 + 1);
                    } else {
                        fired = true;
                        break;
                    }
                }
            } catch (InterruptedException e) {
                return; // closed
            }
        }
        if (fired) {
            onIdle.run();
        }
    }

    /** Bytes arrived. */
    void active() {
        synchronized (lock) {
            lastActivity = System.nanoTime();
        }
    }

    /** While paused (an event is being handled) the connection is not idle; resuming counts as activity. */
    void paused(boolean value) {
        synchronized (lock) {
            paused = value;
            lastActivity = System.nanoTime();
            lock.notifyAll();
        }
    }

    /** Whether the timeout closed the connection. */
    boolean fired() {
        return fired;
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }
}
