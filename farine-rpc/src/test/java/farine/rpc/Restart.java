package farine.rpc;

import farine.Service;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** The server of the restart tests: its first "block" call hangs until the container dies. */
@Service("rpcit_restart")
public final class Restart {

    static final AtomicInteger RUNS = new AtomicInteger();
    static final CountDownLatch BLOCKING = new CountDownLatch(1);
    static final CountDownLatch SLOW = new CountDownLatch(1);

    @RpcMethod
    public String work(String what) throws InterruptedException {
        int run = RUNS.incrementAndGet();
        if (what.equals("block") && run == 1) {
            BLOCKING.countDown();
            Thread.sleep(60_000);
        } else if (what.equals("slow")) {
            SLOW.countDown();
            Thread.sleep(800);
        }
        return "done " + what + " in run " + run;
    }
}
