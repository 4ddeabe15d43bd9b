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
    // the executor knows its own threads (shutdownNow interrupts them); only threads lent by runHere's callers are kept here
    private final Set<Thread> lent = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean accepting = true;
    private final ThreadLocal<HandOver> handOver = new ThreadLocal<>();

    /**
     * Registers a worker before its thread starts, so a concurrent drain cannot miss it. No lock on this
     * path, which the dispatch thread and every finishing worker take (64 at once in the pipelined bench). The count goes up before
     * {@code accepting} is read, and {@link #stopAccepting} writes {@code accepting} before a drain reads
     * the count, so either the drain sees the worker or the worker sees the drain and backs out.
     */
    boolean submit(Runnable work) {
        if (!enter()) {
            return false;
        }
        HandOver slot = handOver.get();
        if (slot != null && slot.open && slot.next == null && !Thread.currentThread().isInterrupted()) {
            slot.next = work; // a finishing worker's follow-up: runs next on this thread (see finishing)
            return true;
        }
        try {
            executor.execute(() -> runOnThisThread(work));
        } catch (RuntimeException e) { // executor shut down under us
            finished();
            return false;
        }
        return true;
    }

    /**
     * Runs {@code work} on the calling thread as a worker: counted, so a drain waits for it, and interruptible
     * by {@link #interruptAll}. False, without running it, when the container no longer accepts work. The
     * interrupt flag is cleared when it returns: the thread belongs to its caller (a client library's
     * delivery thread), which must not inherit an interrupt meant for the worker.
     */
    boolean runHere(Runnable work) {
        if (!enter()) {
            return false;
        }
        Thread thread = Thread.currentThread();
        lent.add(thread);
        try {
            work.run();
        } finally {
            lent.remove(thread);
            Thread.interrupted();
            finished();
        }
        return true;
    }

    /** Counts a worker in, unless the tracker no longer accepts work (see {@link #submit} for the order). */
    private boolean enter() {
        running.incrementAndGet();
        if (!accepting) {
            finished();
            return false;
        }
        return true;
    }

    private void runOnThisThread(Runnable work) {
        HandOver slot = new HandOver();
        handOver.set(slot);
        Runnable next = work;
        boolean first = true;
        try {
            while (next != null) {
                Runnable current = next;
                next = null;
                try {
                    current.run();
                } finally {
                    next = slot.next;
                    slot.next = null;
                    if (!first) {
                        finished(); // a handed-over piece; the first one is counted off below
                    }
                    first = false;
                }
            }
        } finally {
            handOver.remove();
            if (next != null) {
                // the work before it ended abruptly (an Error): the follow-up still runs, on a thread of its own
                Runnable orphan = next;
                try {
                    executor.execute(() -> {
                        try {
                            orphan.run();
                        } finally {
                            finished();
                        }
                    });
                } catch (RuntimeException e) {
                    finished();
                }
            }
            finished();
        }
    }

    /**
     * Runs {@code completion}, a finishing worker's last step (completing its future, whose callbacks may
     * submit the next piece of work, as a consumer handing its permit to the next message does). Work submitted
     * from there runs next on this worker's thread instead of a new one: a new virtual thread per message was
     * the largest part of farine's CPU per consumed message above the raw client's.
     */
    void finishing(Runnable completion) {
        HandOver slot = handOver.get();
        if (slot == null) {
            completion.run();
            return;
        }
        slot.open = true;
        try {
            completion.run();
        } finally {
            slot.open = false;
        }
    }

    /** A worker thread's slot for the one piece of work submitted while it finishes. */
    private static final class HandOver {
        boolean open;
        Runnable next;
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

    /**
     * Interrupts every running worker. Only after {@link #stopAccepting}: the executor is shut down, so a
     * piece of work handed over to a worker that ends now does not run (it is counted off).
     */
    void interruptAll() {
        executor.shutdownNow(); // interrupts the threads it started; one set of threads kept, not two (about 2 % of a pipelined call)
        lent.forEach(Thread::interrupt);
    }

    void shutdown() {
        executor.shutdownNow();
    }
}
