package examples.greeting;

import farine.rpc.RpcClient;
import farine.rpc.RpcMethod;
import java.util.stream.Stream;

/** A second service, {@code welcome}, that calls {@link Greeting} through an {@code @RpcClient} interface. */
public final class Welcome {

    private final Greeter greeting;

    public Welcome(@RpcClient("greeting") Greeter greeting) {
        this.greeting = greeting;
    }

    @RpcMethod
    public String welcome(String name) {
        return greeting.hello(name) + " Welcome aboard.";
    }

    /** Reads the remote stream as it arrives. */
    @RpcMethod
    public int sumOfSquares(int n) {
        try (Stream<Integer> squares = greeting.squares(n)) {
            return squares.mapToInt(Integer::intValue).sum();
        }
    }
}
