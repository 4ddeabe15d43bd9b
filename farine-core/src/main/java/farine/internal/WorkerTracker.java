package farine.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts and holds the running workers of a container so that stop can drain and kill can interrupt them. */
final class WorkerTracker {

    // one name for all: a numbered name is built per thread (about 1 % of the CPU of a pipelined RPC call);
    // thread dumps tell virtual threads apart by their id
    private final ExecutorService executor =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("farine-worker").factory());
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean accepting = true;

    /**
     * Registers a worker before its thread starts, so a concurrent drain cannot miss it. No lock on this
     * path, which the dispatch thread and every finishing worker take (64 at once in the pipelined bench). The count goes up before
     * {@code accepting} is read, and {@link #stopAccepting} writes {@code accepting} before a drain reads
     * the count, so either the drain sees the worker or the worker sees the drain and backs out.
     */
    boolean submit(Runnable work) {
        running.incrementAndGet();
        if (!accepting) {
            finished();
            return false;
        }
        try {
            executor.execute(() -> {
                Thread thread = Thread.currentThread();
                threads.add(thread);
                try {
                    work.run();
                } finally {
                    threads.remove(thread);
                    finished();
                }
            });
        } catch (RuntimeException e) { // executor shut down under us
            finished();
            return false;
        }
        return true;
    }

    private void finished() {
        if (running.decrementAndGet() == 0 || !accepting) {
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }

    void stopAccepting() {
        accepting = false;
    }

    boolean accepting() {
        return accepting;
    }

    int running() {
        return running.get();
    }

    /** Waits until no worker runs or the timeout passes; true if drained. Restores the interrupt flag. */
    boolean await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (running.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    // bounded, in case a worker finished between the count and the wait
                    TimeUnit.NANOSECONDS.timedWait(lock, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return running.get() == 0;
                }
            }
            return true;
        }
    }

    void interruptAll() {
        threads.forEach(Thread::interrupt);
    }

    void shutdown() {
        executor.shutdownNow();
    }
}
