package farine.rpc;

import farine.Service;
import java.util.concurrent.atomic.AtomicInteger;

/** The server of the malformed-request and interop tests; counts what it runs. */
@Service("rpcit_strict")
public final class Strict {

    static final AtomicInteger RUNS = new AtomicInteger();

    @RpcMethod
    public int add(int a, int b) {
        RUNS.incrementAndGet();
        return a + b;
    }

    @RpcMethod
    public String hello(String name) {
        return "Hello, " + name + "!";
    }

    @RpcMethod
    public java.util.stream.Stream<Integer> squares(int n) {
        return java.util.stream.IntStream.rangeClosed(1, n).mapToObj(i -> i * i);
    }

    @RpcMethod(expected = IllegalArgumentException.class)
    public int fail(String why) {
        throw new IllegalArgumentException(why);
    }

    @RpcMethod
    public Object echo(Object value) {
        return value;
    }
}
