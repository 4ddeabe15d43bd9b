package farine.rpc.internal.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The frames of one stream, from the connection's dispatch thread to the one thread reading the
 * stream, with wake-ups coalesced while items flow fast.
 *
 * <p>Handing every item to a parked reader costs a futex wake and a context switch per item, more
 * than the item itself. So the reader takes everything queued at once, and when it runs dry right
 * after having received frames (within {@link #COALESCE_NANOS}) it parks for at most that long and
 * the producer lets it sleep: it wakes on its own and takes what arrived meanwhile, unless
 * {@link #BATCH} frames pile up first. When it runs dry after a quiet spell it parks until woken, and
 * the next frame wakes it at once, so a lone item (a slow stream) is delivered without delay. An end,
 * error or failure always wakes the reader at once. The added latency is bounded by
 * {@link #COALESCE_NANOS}, and only items that follow another within that time can see it.
 *
 * <p>One producer at a time (frames come from one dispatch thread; failures from the sweeper or a
 * closing listener), one reader.
 */
final class FrameQueue {

    /** How long a reader that just received frames may sleep before it looks again. */
    static final long COALESCE_NANOS = 200_000;
    /** A sleeping reader is woken at once when this many frames wait. */
    static final int BATCH = 32;

    // guarded by this
    private ArrayDeque<Object> queue = new ArrayDeque<>();
    private Thread waiter;
    private boolean waiterWakesItself;
    // reader only
    private ArrayDeque<Object> taken = new ArrayDeque<>();
    private long lastTaken = System.nanoTime() - 2 * COALESCE_NANOS;

    /** Appends a frame; {@code urgent} (an end, an error, a failure) wakes the reader at once. */
    void add(Object frame, boolean urgent) {
        Thread wake = null;
        synchronized (this) {
            queue.add(frame);
            if (waiter != null && (urgent || !waiterWakesItself || queue.size() >= BATCH)) {
                wake = waiter;
                waiter = null;
            }
        }
        if (wake != null) {
            LockSupport.unpark(wake);
        }
    }

    /** The next frame, or null when none came within {@code timeoutNanos}. Reader only. */
    Object poll(long timeoutNanos) throws InterruptedException {
        Object next = taken.poll();
        if (next != null) {
            return next;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long now = System.nanoTime();
            long park;
            synchronized (this) {
                waiter = null;
                if (!queue.isEmpty()) {
                    // take everything at once: the empty deque becomes the producer's
                    ArrayDeque<Object> full = queue;
                    queue = taken;
                    taken = full;
                    lastTaken = now;
                    return taken.poll();
                }
                long remaining = deadline - now;
                if (remaining <= 0) {
                    return null;
                }
                waiterWakesItself = now - lastTaken < COALESCE_NANOS && remaining > COALESCE_NANOS;
                park = waiterWakesItself ? COALESCE_NANOS : remaining;
                waiter = Thread.currentThread();
            }
            LockSupport.parkNanos(this, park);
        }
    }

    /** What is waiting, in order (for tests). */
    synchronized List<Object> snapshot() {
        List<Object> all = new ArrayList<>(taken);
        all.addAll(queue);
        return all;
    }
}
