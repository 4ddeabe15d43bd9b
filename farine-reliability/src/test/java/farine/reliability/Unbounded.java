package farine.reliability;

import farine.Service;
import farine.rpc.RpcMethod;

/** {@link Bulky}'s twin whose {@code max_reply_size} is above the broker's limit: its large replies reach the broker. */
@Service("unbounded")
public final class Unbounded {

    @RpcMethod
    public String blob(String tag, int size) {
        Bulky.RUNS.computeIfAbsent("unbounded:" + tag, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        return "x".repeat(size);
    }
}
