package farine.rpc;

import farine.Service;

/** Calls {@link Calc} with a deadline from the annotation, shorter than the INI's. */
@Service("rpcit_impatient")
public final class Impatient {

    private final CalcClient calc;

    public Impatient(@RpcClient(value = "rpcit_calc", timeout = 300) CalcClient calc) {
        this.calc = calc;
    }

    @RpcMethod
    public String trySlow(long millis) {
        try {
            return calc.slow(millis);
        } catch (RpcTimeoutException e) {
            return "timeout: " + e.getMessage();
        }
    }
}
