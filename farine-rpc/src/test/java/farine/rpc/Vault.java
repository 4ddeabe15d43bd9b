package farine.rpc;

import farine.Service;
import java.util.concurrent.atomic.AtomicInteger;

/** A service with private methods: {@code open} by annotation, {@code peek} by INI rpc_private; {@code hello} is public. */
@Service("rpcit_vault")
public final class Vault {

    /** How many times a private method ran: a refused call must leave it unchanged. */
    static final AtomicInteger OPENED = new AtomicInteger();

    @RpcMethod(privateMethod = true)
    public int open(int amount) {
        return OPENED.addAndGet(amount);
    }

    @RpcMethod
    public int peek() {
        OPENED.incrementAndGet();
        return OPENED.get();
    }

    @RpcMethod
    public String hello() {
        return "hello";
    }
}
