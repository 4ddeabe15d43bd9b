package farine.rpc;

import farine.Service;
import java.util.List;

/** A service calling {@link Calc} through injected clients: a typed proxy and a dynamic caller. */
@Service("rpcit_front")
public final class Front {

    private final CalcClient calc;

    public Front(@RpcClient("rpcit_calc") CalcClient calc) {
        this.calc = calc;
    }

    @RpcMethod
    public int addTwice(int a) {
        return calc.add(calc.add(a, a), a);
    }

    @RpcMethod
    public List<Integer> collected(int n) {
        try (var items = calc.range(n)) {
            return items.toList();
        }
    }

    @RpcMethod
    public String viaCaller(@RpcClient("rpcit_calc") RpcCaller caller, String name) {
        return caller.call(String.class, "hello", name);
    }

    /** The caller's stream idle timeout comes from [rpcit_calc] rpc_stream_idle_timeout. */
    @RpcMethod
    public String pausedThrough(int n, long pauseMillis) {
        try (var items = calc.paused(n, pauseMillis)) {
            return "got " + items.count();
        } catch (RpcTimeoutException e) {
            return "timeout: " + e.getMessage();
        }
    }
}
