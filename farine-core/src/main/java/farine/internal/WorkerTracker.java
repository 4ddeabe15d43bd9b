package farine.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Counts and holds the running workers of a container so that stop can drain and kill can interrupt them. */
final class WorkerTracker {

    // one name for all: a numbered name is built per thread (about 1 % of the CPU of a pipelined RPC call);
    // thread dumps tell virtual threads apart by their id
    private final ExecutorService executor =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("farine-worker").factory());
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private int running;
    private volatile boolean accepting = true;

    /** Registers a worker before its thread starts, so a concurrent drain cannot miss it. */
    boolean submit(Runnable work) {
        synchronized (lock) {
            if (!accepting) {
                return false;
            }
            running++;
        }
        try {
            executor.execute(() -> {
                threads.add(Thread.currentThread());
                try {
                    work.run();
                } finally {
                    threads.remove(Thread.currentThread());
                    synchronized (lock) {
                        running--;
                        lock.notifyAll();
                    }
                }
            });
        } catch (RuntimeException e) { // executor shut down under us
            synchronized (lock) {
                running--;
                lock.notifyAll();
            }
            return false;
        }
        return true;
    }

    void stopAccepting() {
        synchronized (lock) {
            accepting = false;
        }
    }

    boolean accepting() {
        return accepting;
    }

    int running() {
        synchronized (lock) {
            return running;
        }
    }

    /** Waits until no worker runs or the timeout passes; true if drained. Restores the interrupt flag. */
    boolean await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return running == 0;
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
