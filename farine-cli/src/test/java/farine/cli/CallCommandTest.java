package farine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import farine.registry.MethodDescription;
import farine.registry.RegistrySnapshot;
import farine.registry.ServiceInstance;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallCommandTest {

    @Test
    void argumentsAreJsonValues() {
        assertThat(CallCommand.value("3")).isEqualTo(3);
        assertThat(CallCommand.value("true")).isEqualTo(true);
        assertThat(CallCommand.value("\"3\"")).isEqualTo("3");
        assertThat(CallCommand.value("[1, 2]")).isEqualTo(List.of(1, 2));
        assertThat(CallCommand.value("{\"a\": 1}")).isEqualTo(Map.of("a", 1));
        assertThat(CallCommand.value("null")).isNull();
    }

    @Test
    void numbersKeepTheirJsonTypeAndWhatIsNotOneJsonValueIsAString() {
        assertThat(CallCommand.value("1.5")).isEqualTo(1.5);
        assertThat(CallCommand.value("12345678901")).isEqualTo(12345678901L);
        assertThat(CallCommand.value("123456789012345678901234")).isEqualTo(new BigInteger("123456789012345678901234"));
        assertThat(CallCommand.value("3 4")).isEqualTo("3 4");
        assertThat(CallCommand.value("1".repeat(1001))).isEqualTo("1".repeat(1001)); // longer than Jackson's number limit
    }

    @Test
    void aWordThatIsNotJsonIsAString() {
        assertThat(CallCommand.value("Ada")).isEqualTo("Ada");
        assertThat(CallCommand.value("Ada Lovelace")).isEqualTo("Ada Lovelace");
        assertThat(CallCommand.value("{broken")).isEqualTo("{broken");
    }

    @Test
    void kwargsThatAreNotAJsonObjectOrWithStreamAreAUsageError(@TempDir Path dir) {
        Cli cli = new Cli(Map.of(), dir);
        Cli.Result notObject = cli.run("call", "--amqp-uri=amqp://127.0.0.1:1/", "--kwargs=[1]", "svc", "m");
        assertThat(notObject.exitCode()).isEqualTo(2);
        assertThat(notObject.err()).contains("--kwargs must be a JSON object");
        Cli.Result streamed = cli.run("call", "--amqp-uri=amqp://127.0.0.1:1/", "--kwargs={\"a\": 1}", "--stream", "svc", "m");
        assertThat(streamed.exitCode()).isEqualTo(2);
        assertThat(streamed.err()).contains("--kwargs cannot be combined with --stream");
    }

    @Test
    void aCallThatNoQueueReceivedIsExplainedFromTheRegistry() {
        RegistrySnapshot snapshot = new RegistrySnapshot(Instant.now(), List.of(
                instance("greeting", "hello", "squares"), instance("greeting", "hello", "squares"), instance("orders")));

        assertThat(CallCommand.notServedHint(snapshot, "greeting", "helo")).contains(
                "'greeting' runs (2 instances) and has no RPC method 'helo' (did you mean 'hello'?); its methods: hello, squares");
        assertThat(CallCommand.notServedHint(snapshot, "orders", "x")).contains("'orders' runs (1 instance) and has no RPC method 'x'; its methods: none");
        assertThat(CallCommand.notServedHint(snapshot, "greetings", "hello")).contains(
                "no service 'greetings' runs on this broker (did you mean 'greeting'?); running: greeting, orders");
        assertThat(CallCommand.notServedHint(new RegistrySnapshot(Instant.now(), List.of()), "x", "y"))
                .contains("no service 'x' runs on this broker; running: none");
    }

    private static ServiceInstance instance(String service, String... methods) {
        return new ServiceInstance(service, "i" + System.nanoTime(), "host", 1, "1", Instant.now(), Duration.ofSeconds(5), List.of(),
                java.util.Arrays.stream(methods).map(m -> new MethodDescription(m, List.of(), null, false, false)).toList());
    }
}
