package examples.greeting;

import java.util.stream.Stream;

/** How a client sees {@link Greeting}: a plain interface; farine builds the proxy. */
public interface Greeter {

    String hello(String name);

    /** Items arrive as the server sends them; close the stream to stop early. */
    Stream<Integer> squares(int n);
}
