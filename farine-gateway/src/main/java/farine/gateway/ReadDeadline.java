package farine.gateway;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code read_timeout} for a request's headers or body: the thread reading them is interrupted once the time has
 * passed, which ends a read blocked on the socket (the connection is then closed) as well as one that trickles in. One daemon
 * thread looks at the reads in progress four times a second, so that starting and ending a read costs a set insertion
 * and removal, not a timer's wake-up; it ends after 5 s without any read in progress (the next read starts another), so
 * that no thread outlives the gateway.
 */
final class ReadDeadline implements AutoCloseable {

    private static final int READING = 0;
    private static final int DONE = 1;
    private static final int EXPIRING = 2;
    private static final int EXPIRED = 3;
    private static final long TICK_MILLIS = 250;
    /** Ticks without any read in progress after which the watcher ends (a new read starts another). */
    private static final int IDLE_TICKS = 20;
    static final String WATCHER = "farine-gateway-read-timeout";
    private static final Set<ReadDeadline> READS = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean WATCHING = new AtomicBoolean();

    private final Thread reader = Thread.currentThread();
    private final long deadline;
    private final AtomicInteger state = new AtomicInteger(READING);

    ReadDeadline(Duration timeout) {
        this.deadline = System.nanoTime() + timeout.toNanos();
        READS.add(this);
        if (WATCHING.compareAndSet(false, true)) {
            // no thread of the gateway's outlives its use: the watcher ends once no read has been in progress for a while
            Thread.ofPlatform().daemon().name(WATCHER).start(ReadDeadline::watch);
        }
    }

    /** Whether the time ran out (the reader was or is being interrupted). */
    boolean expired() {
        return state.get() >= EXPIRING || System.nanoTime() - deadline > 0;
    }

    private void expire() {
        if (state.compareAndSet(READING, EXPIRING)) {
            reader.interrupt();
            state.set(EXPIRED);
        }
        READS.remove(this);
    }

    @Override
    public void close() {
        READS.remove(this);
        if (state.compareAndSet(READING, DONE)) {
            return;
        }
        while (state.get() != EXPIRED) {
            Thread.onSpinWait(); // the watcher is between its compareAndSet and its interrupt
        }
        Thread.interrupted(); // the interrupt was for the read, which is over
    }

    private static void watch() {
        int idle = 0;
        while (true) {
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                WATCHING.set(false);
                return;
            }
            long now = System.nanoTime();
            for (ReadDeadline read : READS) {
                if (now - read.deadline > 0) {
                    read.expire();
                }
            }
            idle = READS.isEmpty() ? idle + 1 : 0;
            if (idle >= IDLE_TICKS) {
                WATCHING.set(false);
                // a read added after the look at READS saw WATCHING still set and started no watcher: this one goes on
                if (READS.isEmpty() || !WATCHING.compareAndSet(false, true)) {
                    return;
                }
                idle = 0;
            }
        }
    }
}
