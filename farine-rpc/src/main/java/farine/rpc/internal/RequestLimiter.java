package farine.rpc.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * At most {@code concurrency} requests of an RPC method at work when the channel's {@code prefetch} lets the broker hand
 * out more: a request past the limit waits here, unacknowledged (the broker requeues it if the channel closes), until a
 * request at work is settled. Only used when prefetch exceeds concurrency; otherwise the prefetch alone is the limit.
 */
final class RequestLimiter {

    private record Waiting(long tag, Runnable start) {
    }

    private final Semaphore permits;
    private final ConcurrentLinkedQueue<Waiting> inbox = new ConcurrentLinkedQueue<>();
    private final Set<Long> working = ConcurrentHashMap.newKeySet();

    RequestLimiter(int concurrency) {
        this.permits = new Semaphore(concurrency);
    }

    /** Starts the request now if a place is free, else when one is. */
    void submit(long tag, Runnable start) {
        if (permits.tryAcquire()) {
            working.add(tag);
            start.run();
            return;
        }
        inbox.add(new Waiting(tag, start));
        drain(); // a place freed between the failed acquire and the add
    }

    /** The request of {@code tag} is settled: its place goes to the next waiting one. A tag that held no place is ignored. */
    void settled(long tag) {
        if (working.remove(tag)) {
            permits.release();
            drain();
        }
    }

    /** Requests received and not yet started. */
    int waiting() {
        return inbox.size();
    }

    private void drain() {
        while (!inbox.isEmpty() && permits.tryAcquire()) {
            Waiting next = inbox.poll();
            if (next == null) {
                permits.release();
                return;
            }
            working.add(next.tag());
            next.start().run();
        }
    }
}
