package farine.rpc;

import farine.Service;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/** The server of the prefetch test: each call waits for a permit of {@link #GATE} and counts how many run at once. */
@Service("rpcit_gate")
public final class Gate {

    static final Semaphore GATE = new Semaphore(0);
    static final AtomicInteger RUNNING = new AtomicInteger();
    static final AtomicInteger MOST = new AtomicInteger();

    @RpcMethod
    public int pass(int n) throws InterruptedException {
        MOST.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
        try {
            GATE.acquire();
            return n;
        } finally {
            RUNNING.decrementAndGet();
        }
    }
}
