package farine.reliability;

import farine.Service;
import farine.amqp.Consume;
import farine.rpc.RpcMethod;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** The service of {@link AlarmIT}: an RPC method and a {@code @Consume} handler, each held by the test until released. */
@Service("alarmed")
public final class Alarmed {

    static final String WORK = "alarmed-work";
    static final CountDownLatch RPC_ENTERED = new CountDownLatch(1);
    static final CountDownLatch RPC_RELEASE = new CountDownLatch(1);
    static final CountDownLatch WORK_ENTERED = new CountDownLatch(1);
    static final CountDownLatch WORK_RELEASE = new CountDownLatch(1);
    static final AtomicInteger WORKED = new AtomicInteger();

    @RpcMethod
    public String hold(String name) throws InterruptedException {
        RPC_ENTERED.countDown();
        RPC_RELEASE.await();
        return "held " + name;
    }

    @Consume(exchange = WORK, routingKey = WORK, queue = WORK)
    public void work(String item) throws InterruptedException {
        WORK_ENTERED.countDown();
        WORK_RELEASE.await();
        WORKED.incrementAndGet();
    }
}
