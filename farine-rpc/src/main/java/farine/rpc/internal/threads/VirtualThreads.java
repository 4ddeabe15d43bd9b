package farine.rpc.internal.threads;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs completions off the connection's reader thread, each on a virtual thread of its own, so user code
 * never blocks reply delivery nor another call's completion.
 *
 * <p>A virtual thread started from a platform thread (the connection's reader, a timer) is submitted to
 * the scheduler from outside, which wakes an idle carrier for each one; started from a virtual thread it
 * goes on its carrier's own queue. So tasks handed over by a platform thread wait in a queue that one
 * virtual thread per burst empties, starting theirs from there (farine-bench: CPU per pipelined call
 * 1.25-1.28x raw when each was started from the reader thread), and running the burst's last task itself.
 */
public final class VirtualThreads {

    // a builder is not thread-safe, its factory is
    private static final ThreadFactory THREADS = Thread.ofVirtual().name("farine-rpc").factory();
    private static final Queue<Runnable> HANDED_OVER = new ConcurrentLinkedQueue<>();
    private static final AtomicBoolean STARTING = new AtomicBoolean();

    public static final Executor EXECUTOR = VirtualThreads::start;

    private VirtualThreads() {
    }

    static void start(Runnable task) {
        if (Thread.currentThread().isVirtual()) {
            THREADS.newThread(task).start();
            return;
        }
        HANDED_OVER.add(task);
        if (STARTING.compareAndSet(false, true)) {
            try {
                THREADS.newThread(VirtualThreads::startHandedOver).start();
            } catch (RuntimeException | Error e) {
                STARTING.set(false);
                throw e;
            }
        }
    }

    /**
     * Starts every task handed over but the last, then runs that one itself, on this virtual thread, which is then that
     * task's own: the starter is one more virtual thread per burst, and bursts of one reply are the common case under
     * load (farine-bench: a starter per completion). It lets go of {@link #STARTING} before running the task, so a task
     * handed over meanwhile gets a starter of its own and a task that blocks here holds back no other.
     */
    private static void startHandedOver() {
        Runnable last = null;
        do {
            try {
                for (Runnable task; (task = HANDED_OVER.poll()) != null; ) {
                    if (last != null) {
                        THREADS.newThread(last).start();
                    }
                    last = task;
                }
            } finally {
                STARTING.set(false);
            }
        } while (!HANDED_OVER.isEmpty() && STARTING.compareAndSet(false, true));
        if (last != null) {
            last.run();
        }
    }
}
