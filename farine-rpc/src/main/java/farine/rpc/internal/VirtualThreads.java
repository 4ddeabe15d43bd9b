package farine.rpc.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs completions off the connection's reader thread, on virtual threads, so that user code chained on
 * a future never blocks reply delivery, and a completion that blocks or runs long holds back no other.
 *
 * <p>Tasks run one after another on a virtual thread, the runner, as long as each is quick. When the
 * runner's task blocks (its thread parks) or has run longer than {@link #STALL_NANOS}, a new runner takes
 * the rest of the queue: at the next hand-over, or at the latest when the watchdog next looks (every
 * {@code STALL_NANOS} while tasks are handed over). A task therefore waits behind another for at most
 * about that long, whatever the other does.
 *
 * <p>Why not a virtual thread per task: starting one from a platform thread wakes an idle carrier, and
 * each reply's completion paid for that (farine-bench: CPU per pipelined call 1.20x raw with a thread
 * per task started in bursts, 1.12x with one runner per burst). Tasks share the runner's thread, so a
 * task that leaves a thread-local value behind leaves it to the next; the interrupt status is cleared
 * between tasks.
 */
final class VirtualThreads {

    /** How long a task may run before the tasks behind it move to another runner. */
    static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Watchdog looks that find nothing handed over before the watchdog stops. */
    private static final int IDLE_LOOKS = 5;

    // a builder is not thread-safe, its factory is
    private static final ThreadFactory THREADS = Thread.ofVirtual().name("farine-rpc").factory();
    private static final Queue<Runnable> QUEUE = new ConcurrentLinkedQueue<>();
    private static final AtomicReference<Runner> RUNNER = new AtomicReference<>();
    private static final AtomicBoolean WATCHING = new AtomicBoolean();
    /** A runner was started since the watchdog last looked. */
    private static volatile boolean started;

    static final Executor EXECUTOR = VirtualThreads::start;

    private VirtualThreads() {
    }

    static void start(Runnable task) {
        QUEUE.add(task);
        Runner runner = RUNNER.get();
        if (runner == null || runner.stalled()) {
            replace(runner);
        }
    }

    /** Starts a new runner unless another thread replaced {@code expected} first. */
    private static void replace(Runner expected) {
        Runner next = new Runner();
        if (!RUNNER.compareAndSet(expected, next)) {
            return;
        }
        try {
            next.thread = THREADS.newThread(next);
            next.thread.start();
        } catch (RuntimeException | Error e) {
            RUNNER.compareAndSet(next, null);
            throw e;
        }
        if (!started) {
            started = true;
        }
        if (!WATCHING.get() && WATCHING.compareAndSet(false, true)) {
            THREADS.newThread(VirtualThreads::watch).start();
        }
    }

    /** Replaces a stalled runner that has tasks waiting, while tasks are handed over; stops when there are none. */
    private static void watch() {
        do {
            int idle = 0;
            while (idle < IDLE_LOOKS) {
                try {
                    TimeUnit.NANOSECONDS.sleep(STALL_NANOS);
                } catch (InterruptedException e) {
                    // nobody interrupts it; keep watching
                }
                Runner runner = RUNNER.get();
                if (!started && runner == null && QUEUE.isEmpty()) {
                    idle++;
                } else {
                    idle = 0;
                    started = false;
                    if (runner != null && !QUEUE.isEmpty() && runner.stalled()) {
                        replace(runner);
                    }
                }
            }
            WATCHING.set(false);
            // a runner started while this one was deciding to stop found it still watching
        } while ((RUNNER.get() != null || !QUEUE.isEmpty()) && WATCHING.compareAndSet(false, true));
    }

    /** Runs queued tasks until the queue is empty or another runner replaced it. */
    private static final class Runner implements Runnable {

        volatile Thread thread;
        /** When the running task started; 0 between tasks. */
        private volatile long since;

        boolean stalled() {
            long begun = since;
            if (begun == 0) {
                return false;
            }
            Thread t = thread;
            return t != null && t.getState() != Thread.State.RUNNABLE || System.nanoTime() - begun > STALL_NANOS;
        }

        @Override
        public void run() {
            do {
                for (Runnable task; RUNNER.get() == this && (task = QUEUE.poll()) != null; ) {
                    since = Math.max(1, System.nanoTime());
                    try {
                        task.run();
                    } catch (Throwable e) {
                        report(e);
                    } finally {
                        since = 0;
                        Thread.interrupted();
                    }
                }
                // replaced while in a task: the new runner has the queue
                if (!RUNNER.compareAndSet(this, null)) {
                    return;
                }
                // a task handed over after the last poll found this runner still running
            } while (!QUEUE.isEmpty() && RUNNER.compareAndSet(null, this));
        }

        /** To the thread's handler, as if the task had run on a thread of its own; the runner goes on whatever happens. */
        private static void report(Throwable failure) {
            Thread current = Thread.currentThread();
            try {
                current.getUncaughtExceptionHandler().uncaughtException(current, failure);
            } catch (Throwable ignored) {
                // a handler that fails must not stop every completion behind this one
            }
        }
    }
}
