package farine.reliability;

import farine.Service;
import farine.rpc.RpcMethod;

/** {@link Unbounded} with {@code reply_confirm = true}: its replies go on a channel of the publishing connection. */
@Service("confirmed")
public final class Confirmed {

    @RpcMethod
    public String blob(String tag, int size) {
        Bulky.RUNS.computeIfAbsent("confirmed:" + tag, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        return "x".repeat(size);
    }
}
