package examples.greeting;

import farine.rpc.RpcMethod;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * An RPC service named {@code greeting}: a plain method and a streaming one. Run it with
 * {@code bin/farine --start=examples.greeting} (with {@code amqp_uri} in {@code etc/farine.ini}), then
 * call it from any farine or original Python farine client, or with {@link CallGreeting}.
 */
public final class Greeting {

    /** One reply: {@code {"body": "Hello, Ada!", "__end__": false}} then the end frame. */
    @RpcMethod
    public String hello(String name) {
        return "Hello, " + name + "!";
    }

    /** A streaming reply: one frame per square, 1, 4, 9, ... n², then the end frame. */
    @RpcMethod
    public Stream<Integer> squares(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> i * i);
    }
}
