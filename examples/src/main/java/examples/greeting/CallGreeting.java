package examples.greeting;

import farine.rpc.RpcCaller;
import farine.rpc.RpcClients;
import java.io.PrintStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A plain {@code main} calling the running {@link Greeting} and {@link Welcome} services, without a
 * container: {@code java ... examples.greeting.CallGreeting [amqp_uri]} (default the local broker).
 */
public final class CallGreeting {

    static final String LOCAL_BROKER = "amqp://guest:guest@localhost:5672/";

    private CallGreeting() {
    }

    public static void main(String[] args) {
        call(args.length > 0 ? args[0] : LOCAL_BROKER, System.out);
    }

    static void call(String amqpUri, PrintStream out) {
        try (RpcClients clients = RpcClients.connect(amqpUri)) {
            Greeter greeting = clients.proxy("greeting", Greeter.class);
            out.println(greeting.hello("Ada"));
            try (Stream<Integer> squares = greeting.squares(5)) {
                out.println(squares.map(String::valueOf).collect(Collectors.joining(" ")));
            }
            RpcCaller welcome = clients.caller("welcome"); // no interface: call by name
            out.println(welcome.call("welcome", "Bo"));
        }
    }
}
