package farine.rpc;

import farine.Service;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** The server of the ordered-replies test: its first call of {@link #hold} waits until the test releases it. */
@Service("rpcit_held")
public final class Held {

    static final AtomicInteger RUNS = new AtomicInteger();
    static final CountDownLatch ENTERED = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    @RpcMethod
    public String hold(String name) throws InterruptedException {
        if (RUNS.incrementAndGet() == 1) {
            ENTERED.countDown();
            RELEASE.await();
        }
        return "held " + name;
    }

    /** A reply of {@code chars} characters: enough bytes to see on a connection's counters. */
    @RpcMethod
    public String big(int chars) {
        return "x".repeat(chars);
    }
}
