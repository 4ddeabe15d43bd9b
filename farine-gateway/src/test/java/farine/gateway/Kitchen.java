package farine.gateway;

import farine.Service;
import farine.rpc.RpcMethod;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** The gateway tests' service: plain results, failures, slow and streamed replies, a private method. */
@Service("gw_kitchen")
public final class Kitchen {

    /** Released by {@link #release()}: {@link #gated} sends its next item only after one permit. */
    static final Semaphore GATE = new Semaphore(0);
    /** Items {@link #ticks} produced, to see whether production goes on after the client left. */
    static final AtomicInteger TICKS = new AtomicInteger();
    /** {@link #ticks} streams the service closed (at their end, or when the caller cancelled). */
    static final AtomicInteger TICKS_CLOSED = new AtomicInteger();
    /** Runs of {@link #secret}: a refused call must not have run it. */
    static final AtomicInteger SECRETS = new AtomicInteger();

    public record Dish(String name, int portions, List<String> tags) {
    }

    @RpcMethod
    public String hello(String name) {
        return "Hello, " + name + "!";
    }

    @RpcMethod
    public int add(int a, int b) {
        return a + b;
    }

    @RpcMethod
    public Dish cook(Dish dish, int extra) {
        return new Dish(dish.name(), dish.portions() + extra, dish.tags());
    }

    /** Dish twice in one schema: the generator puts it in $defs, which the OpenAPI document must carry along. */
    public record Menu(Dish starter, Dish main) {
    }

    @RpcMethod
    public Menu swap(Menu menu) {
        return new Menu(menu.main(), menu.starter());
    }

    @RpcMethod
    public void nothing() {
    }

    @RpcMethod(expected = IllegalArgumentException.class)
    public String fail(String why) {
        throw new IllegalArgumentException(why);
    }

    @RpcMethod
    public String slow(long millis) throws InterruptedException {
        Thread.sleep(millis); // the service being slow is the point: the gateway's deadline must pass first
        return "done";
    }

    @RpcMethod
    public Stream<Integer> squares(int n) {
        return IntStream.rangeClosed(1, n).map(i -> i * i).boxed();
    }

    @RpcMethod
    public Stream<String> gated(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> {
            if (i > 1) {
                try {
                    if (!GATE.tryAcquire(20, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("no release within 20 s");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                }
            }
            return "item " + i;
        });
    }

    @RpcMethod
    public void release() {
        GATE.release();
    }

    @RpcMethod
    public Stream<Integer> brokenAfter(int n) {
        return IntStream.rangeClosed(1, n + 1).mapToObj(i -> {
            if (i > n) {
                throw new IllegalStateException("ran out after " + n);
            }
            return i;
        });
    }

    @RpcMethod
    public Stream<Integer> ticks(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> {
            try {
                Thread.sleep(20); // a slow producer, so that the client can leave in the middle
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
            TICKS.incrementAndGet();
            return i;
        }).onClose(TICKS_CLOSED::incrementAndGet);
    }

    @RpcMethod(privateMethod = true)
    public String secret() {
        SECRETS.incrementAndGet();
        return "the recipe";
    }
}
