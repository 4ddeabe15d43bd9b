package farine.rpc;

import farine.Service;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/** The server of {@link StalledPublisherIT}: publishers that stop emitting and never complete. */
@Service("dbauth_stall")
public final class Stalling {

    /** The thread of the last worker: the one that runs the method and then waits for the publisher's items. */
    static final AtomicReference<Thread> WORKER = new AtomicReference<>();
    static final AtomicReference<CountDownLatch> CANCELLED = new AtomicReference<>(new CountDownLatch(1));

    /** Emits "first" on the first request, then nothing, and never completes. */
    @RpcMethod
    public Flow.Publisher<String> oneThenNothing() {
        WORKER.set(Thread.currentThread());
        return stalledAfter("first");
    }

    /** Never emits, never completes. */
    @RpcMethod
    public Flow.Publisher<String> nothing() {
        WORKER.set(Thread.currentThread());
        return stalledAfter();
    }

    private static Flow.Publisher<String> stalledAfter(String... items) {
        CountDownLatch cancelled = CANCELLED.get();
        return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            private int next;

            @Override
            public void request(long n) {
                // synchronous and re-entrant: onNext requests the next item from inside this call
                if (next < items.length) {
                    subscriber.onNext(items[next++]);
                }
            }

            @Override
            public void cancel() {
                cancelled.countDown();
            }
        });
    }
}
