package examples.greeting;

import static org.assertj.core.api.Assertions.assertThat;

import farine.Config;
import farine.Container;
import farine.rpc.RpcClients;
import farine.testing.TestVhost;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the greeting example in-process on a real broker, as {@code bin/farine --start=examples.greeting} would. */
class GreetingIT {

    private static TestVhost vhost;
    private static Container container;

    @BeforeAll
    static void start() {
        vhost = TestVhost.create("farine-examples-greeting");
        Config config = Config.of(Map.of("DEFAULT", Map.of("amqp_uri", vhost.amqpUri(), "shutdown_timeout", "5s")));
        container = Container.create(config, Container.discover(GreetingIT.class.getClassLoader(), List.of("examples.greeting")));
        container.start();
    }

    @AfterAll
    static void stop() {
        if (container != null) {
            container.stop();
        }
        if (vhost != null) {
            vhost.close();
        }
    }

    @Test
    void thePackageHoldsTheTwoServices() {
        assertThat(container.services()).containsExactlyInAnyOrder("greeting", "welcome");
    }

    @Test
    void aTypedProxyCallsThePlainAndTheStreamingMethod() {
        try (RpcClients clients = RpcClients.connect(vhost.amqpUri())) {
            Greeter greeting = clients.proxy("greeting", Greeter.class);
            assertThat(greeting.hello("Ada")).isEqualTo("Hello, Ada!");
            assertThat(greeting.squares(3)).containsExactly(1, 4, 9);
            assertThat(clients.pending()).isZero();
        }
    }

    @Test
    void welcomeCallsGreetingThroughItsInjectedClient() {
        try (RpcClients clients = RpcClients.connect(vhost.amqpUri())) {
            assertThat(clients.caller("welcome").call("welcome", "Bo")).isEqualTo("Hello, Bo! Welcome aboard.");
            assertThat(clients.caller("welcome").call("sumOfSquares", 3)).isEqualTo(14);
        }
    }

    @Test
    void callGreetingPrintsWhatItGot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CallGreeting.call(vhost.amqpUri(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("Hello, Ada!", "1 4 9 16 25", "Hello, Bo! Welcome aboard.");
    }
}
