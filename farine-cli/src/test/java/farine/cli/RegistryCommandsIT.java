package farine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import farine.embedded.EmbeddedBrokers;
import farine.embedded.spi.EmbeddedBroker;
import farine.registry.Registry;
import farine.testing.TestVhost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code farine list / describe / ping / publish} as child processes (the real bin/farine) against two running
 * instances of a service, in a private vhost: output and exit status, error paths included.
 */
class RegistryCommandsIT {

    private static final Path TEST_CLASSES = Path.of("target/test-classes").toAbsolutePath();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN = "cli-s3cret";
    private static TestVhost vhost;

    @TempDir
    Path dir;

    @BeforeAll
    static void vhost() {
        vhost = TestVhost.create("farine-cli-registry");
    }

    @AfterAll
    static void closeVhost() {
        vhost.close();
    }

    /** The broker, and the token of clireg_shop (which has a private method) for the services and the callers alike. */
    private static Map<String, String> broker() {
        return Map.of("FARINE_DEFAULT_AMQP_URI", vhost.amqpUri(), "FARINE_CLIREG_SHOP_RPC_TOKEN", TOKEN);
    }

    private static Map<String, String> broker(String key, String value) {
        Map<String, String> env = new HashMap<>(broker());
        env.put(key, value);
        return env;
    }

    private FarineProcess shop(Map<String, String> env) {
        return FarineProcess.start(dir, env, "--start=farine.cli.fixtures.Shop", "--classpath=" + TEST_CLASSES).awaitOut("started clireg_shop");
    }

    private FarineProcess run(String... args) {
        return FarineProcess.run(dir, broker(), args);
    }

    @Test
    void listDescribeAndPingSeeTwoRunningInstances() throws Exception {
        try (FarineProcess one = shop(broker()); FarineProcess two = shop(broker())) {
            FarineProcess list = run("list");
            assertThat(list.exitCode()).as(list.output()).isZero();
            assertThat(list.out()).contains("SERVICE", "INSTANCE", "HOST", "PID", "UPTIME", "VERSION", "ENTRY POINTS")
                    .containsPattern("clireg_shop .* " + one.pid() + " ").containsPattern("clireg_shop .* " + two.pid() + " ")
                    .contains("rpc bump, rpc hello, rpc squares, rpc total");

            FarineProcess json = run("list", "--json");
            assertThat(json.exitCode()).as(json.output()).isZero();
            JsonNode instances = JSON.readTree(json.out());
            assertThat(instances.size()).isEqualTo(2);
            assertThat(List.of(instances.get(0).get("pid").asLong(), instances.get(1).get("pid").asLong()))
                    .containsExactlyInAnyOrder(one.pid(), two.pid());
            assertThat(instances.get(0).get("service").asString()).isEqualTo("clireg_shop");

            FarineProcess describe = run("describe", "clireg_shop");
            assertThat(describe.exitCode()).as(describe.output()).isZero();
            assertThat(describe.out()).contains("clireg_shop: 2 instances", "bump() -> integer  [private]", "hello(name: string) -> string",
                    "squares(n: integer) -> stream of integer", "total(lines: {item: string?, quantity: integer}[]) -> integer");

            FarineProcess describeJson = run("describe", "clireg_shop", "--json");
            JsonNode methods = JSON.readTree(describeJson.out()).get("methods");
            assertThat(methods.get(2).get("name").asString()).isEqualTo("squares");
            assertThat(methods.get(2).get("streaming").asBoolean()).isTrue();
            assertThat(methods.get(0).get("private_method").asBoolean()).isTrue();

            FarineProcess completion = run("completion", "bash");
            assertThat(completion.exitCode()).as(completion.output()).isZero();
            // picocli's script, with the running service and its methods as candidates
            assertThat(completion.out()).contains("complete -F _complete_farine", "clireg_shop", "squares", "bump");

            FarineProcess ping = run("ping", "clireg_shop", "--count", "2", "--interval", "10ms");
            assertThat(ping.exitCode()).as(ping.output()).isZero();
            assertThat(ping.out()).containsPattern("reply from clireg_shop \\(pid \\d+\\): seq=1 time=[0-9.]+ ms")
                    .contains("--- clireg_shop: 2 sent, 2 answered, min/avg/max = ");
        }
    }

    @Test
    void listWatchRedrawsWhenAnInstanceArrivesAndWhenItGoes() {
        try (FarineProcess watch = FarineProcess.start(dir, broker(), "list", "--watch").awaitOut("--- ")) {
            long pid;
            int arrived;
            try (FarineProcess shop = shop(broker())) {
                pid = shop.pid();
                watch.awaitOut(" " + pid + " ");
                assertThat(lastDrawing(watch.out())).containsPattern("clireg_shop .* " + pid + " .*rpc bump, rpc hello");
                arrived = watch.out().length();
                shop.terminate();
                assertThat(shop.exitCode()).isZero();
            }
            // a new drawing without the instance, at its departure: well before 3 missed heartbeats (30 s)
            await().atMost(Duration.ofSeconds(10)).until(() -> watch.out().indexOf("--- ", arrived) >= 0
                    && !lastDrawing(watch.out()).contains(" " + pid + " "));
            assertThat(watch.alive()).as("--watch keeps running until a signal").isTrue();
            watch.terminate();
            watch.exitCode();
            assertThat(watch.err()).doesNotContain("Exception");
        }
    }

    /** What {@code list --watch} printed last: from its last {@code --- <time>} line on. */
    private static String lastDrawing(String out) {
        return out.substring(out.lastIndexOf("--- "));
    }

    @Test
    void farineCallSendsTheServicesTokenTakesKwargsAndStdinAndExplainsMethodsAndErrors() {
        try (FarineProcess shop = shop(broker())) {
            FarineProcess refused = FarineProcess.run(dir, Map.of("FARINE_DEFAULT_AMQP_URI", vhost.amqpUri()), "call", "clireg_shop", "bump");
            assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
            assertThat(refused.err()).contains("Unauthorized", "clireg_shop.bump is a private method: the request carried no token");
            FarineProcess wrong = FarineProcess.run(dir, broker("FARINE_CLIREG_SHOP_RPC_TOKEN", "guess"), "call", "clireg_shop", "bump");
            assertThat(wrong.exitCode()).as(wrong.output()).isEqualTo(1);
            assertThat(wrong.err()).contains("Unauthorized", "carried a wrong token");

            FarineProcess accepted = run("call", "clireg_shop", "bump");
            assertThat(accepted.exitCode()).as(accepted.output()).isZero();
            // the first bump that ran: the two refused calls did not run the method
            assertThat(accepted.out().strip()).isEqualTo("1");
            assertThat(shop.out()).contains("clireg_shop.bump: private method called without a token; refused")
                    .doesNotContain(TOKEN).doesNotContain("guess");

            FarineProcess kwargs = run("call", "clireg_shop", "hello", "--kwargs", "{\"name\": \"Ada\"}");
            assertThat(kwargs.exitCode()).as(kwargs.output()).isZero();
            assertThat(kwargs.out().strip()).isEqualTo("\"Hello, Ada!\"");
            FarineProcess stdin = FarineProcess.runWithInput(dir, broker(), "[[{\"item\": \"bun\", \"quantity\": 2}, {\"item\": \"pie\", \"quantity\": 3}]]",
                    "call", "clireg_shop", "total", "-");
            assertThat(stdin.exitCode()).as(stdin.output()).isZero();
            assertThat(stdin.out().strip()).isEqualTo("5");

            FarineProcess jsonError = run("call", "clireg_shop", "nosuch", "--json");
            assertThat(jsonError.exitCode()).as(jsonError.output()).isEqualTo(1);
            JsonNode error = JSON.readTree(jsonError.out()).get("error");
            assertThat(error.get("type").asString()).isEqualTo("NotServedException");
            assertThat(error.get("method").asString()).isEqualTo("nosuch");
            assertThat(error.get("message").asString()).contains("no queue receives clireg_shop.nosuch");
            assertThat(jsonError.err()).contains("'clireg_shop' runs (1 instance) and has no RPC method 'nosuch'; its methods: bump, hello, squares, total");
            FarineProcess typo = run("call", "clireg_shop", "helo", "Ada");
            assertThat(typo.exitCode()).as(typo.output()).isEqualTo(1);
            assertThat(typo.err()).contains("no queue receives clireg_shop.helo: 'clireg_shop' runs (1 instance) and has no RPC method 'helo' (did you mean 'hello'?)")
                    .doesNotContain("has never run on this broker"); // the registry's view, not the exception's guess besides it
            FarineProcess badKwargs = run("call", "clireg_shop", "hello", "--kwargs", "[1]");
            assertThat(badKwargs.exitCode()).as(badKwargs.output()).isEqualTo(2);
            assertThat(badKwargs.err()).contains("--kwargs must be a JSON object");

            FarineProcess help = run("call", "clireg_shop", "total", "--help");
            assertThat(help.exitCode()).as(help.output()).isZero();
            assertThat(help.out()).contains("Usage: farine call clireg_shop total LINES", "total(lines: {item: string?, quantity: integer}[]) -> integer",
                    "lines: {item: string?, quantity: integer}[]   (JSON Schema {\"type\":\"array\"");
            FarineProcess unknownMethodHelp = run("call", "clireg_shop", "nosuch", "--help");
            assertThat(unknownMethodHelp.exitCode()).as(unknownMethodHelp.output()).isEqualTo(1);
            assertThat(unknownMethodHelp.err()).contains("service 'clireg_shop' has no RPC method 'nosuch'; it has: bump, hello, squares, total");
        }
    }

    @Test
    void aServiceLeavesTheListAtOnceOnSigtermAndAfterMissedHeartbeatsOnKillDashNine() {
        Map<String, String> env = broker("FARINE_DEFAULT_REGISTRY_INTERVAL", "500ms");
        try (FarineProcess graceful = shop(env); FarineProcess killed = shop(env);
                Registry registry = Registry.connect(vhost.amqpUri())) {
            assertThat(registry.snapshot().instances("clireg_shop")).hasSize(2);

            graceful.terminate();
            assertThat(graceful.exitCode()).isZero();
            // the departure: gone at once, not after 3 x 500 ms
            assertThat(registry.snapshot().instances("clireg_shop")).extracting(i -> i.pid()).containsExactly(killed.pid());

            killed.killHard();
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.snapshot().instances("clireg_shop").isEmpty());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(800));

            FarineProcess list = run("list");
            assertThat(list.exitCode()).as(list.output()).isZero();
            assertThat(list.out()).contains("no service is running").doesNotContain("clireg_shop");
        }
    }

    @Test
    void unknownServicesAndMissingBrokersAreClearErrors() {
        FarineProcess describe = run("describe", "clireg_nosuch");
        assertThat(describe.exitCode()).as(describe.output()).isEqualTo(1);
        assertThat(describe.err()).contains("farine: no instance of service 'clireg_nosuch' is running (running: ");

        FarineProcess ping = run("ping", "clireg_nosuch", "--timeout", "60s");
        assertThat(ping.exitCode()).as(ping.output()).isEqualTo(1);
        assertThat(ping.err()).contains("farine: no farine Java service 'clireg_nosuch' answers ping on this broker: it is not running,"
                + " or it is a Python farine service");

        FarineProcess noBroker = FarineProcess.run(dir, Map.of("FARINE_DEFAULT_AMQP_URI", "amqp://guest:guest@127.0.0.1:1/"), "list");
        assertThat(noBroker.exitCode()).as(noBroker.output()).isEqualTo(1);
        assertThat(noBroker.err()).startsWith("farine: ").contains("127.0.0.1:1");

        FarineProcess offline = FarineProcess.run(dir, Map.of("XDG_RUNTIME_DIR", dir.toString()), "completion", "zsh");
        assertThat(offline.exitCode()).as(offline.output()).isZero();
        assertThat(offline.out()).contains("bashcompinit", "complete -F _complete_farine").doesNotContain("clireg_shop");
        assertThat(offline.err()).contains("farine completion: no service names (no broker to complete service names from");

        FarineProcess noUri = FarineProcess.run(dir, Map.of("XDG_RUNTIME_DIR", dir.toString()), "list");
        assertThat(noUri.exitCode()).as(noUri.output()).isEqualTo(1);
        assertThat(noUri.err()).contains("farine: no broker to list services on: no amqp_uri configured", "give --amqp-uri");
    }

    @Test
    void publishWaitsForConfirmsAndFailsWhenTheExchangeDoesNotExist() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(vhost.amqpUri());
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.exchangeDeclare("clireg_orders", "topic", true);
            channel.queueDeclare("clireg_orders_q", false, false, true, null);
            channel.queueBind("clireg_orders_q", "clireg_orders", "order.*");

            FarineProcess publish = run("publish", "clireg_orders", "order.created", "{\"id\": 1}", "--header", "source=shell", "--count", "2");
            assertThat(publish.exitCode()).as(publish.output()).isZero();
            assertThat(publish.out()).contains("2 messages confirmed by the broker (exchange clireg_orders, routing key order.created)");
            GetResponse first = channel.basicGet("clireg_orders_q", true);
            assertThat(new String(first.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":1}");
            assertThat(first.getProps().getHeaders().get("source").toString()).isEqualTo("shell");
            assertThat(channel.basicGet("clireg_orders_q", true)).isNotNull();

            FarineProcess lines = FarineProcess.runWithInput(dir, broker(), "{\"id\": 2}\n\n\"three\"\n", "publish", "clireg_orders", "order.x", "-");
            assertThat(lines.exitCode()).as(lines.output()).isZero();
            assertThat(new String(channel.basicGet("clireg_orders_q", true).getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":2}");
            assertThat(new String(channel.basicGet("clireg_orders_q", true).getBody(), StandardCharsets.UTF_8)).isEqualTo("\"three\"");

            FarineProcess missing = run("publish", "clireg_nowhere", "k", "1");
            assertThat(missing.exitCode()).as(missing.output()).isEqualTo(1);
            assertThat(missing.err()).contains("farine: not confirmed: NOT_FOUND - no exchange 'clireg_nowhere'", "give --type to declare it");

            FarineProcess declared = run("publish", "clireg_declared", "k", "1", "--type", "fanout");
            assertThat(declared.exitCode()).as(declared.output()).isZero();
            assertThat(declared.err()).contains("reached no queue");

            FarineProcess bad = run("publish", "clireg_orders", "k", "{bad");
            assertThat(bad.exitCode()).as(bad.output()).isEqualTo(2);
            assertThat(bad.err()).contains("the JSON argument is not JSON");
            channel.exchangeDelete("clireg_declared");
            channel.exchangeDelete("clireg_orders");
        }
    }

    /**
     * README's {@code farine publish orders order.created '{"id": 1}' --type topic} on the Quickstart's embedded broker,
     * where no queue is bound: Qpid nacks the returned message (docs/embedded.md), and the reason says that it reached
     * no queue rather than "nacks received" alone.
     */
    @Test
    void publishSaysWhyTheEmbeddedBrokerRefusedAMessageThatReachedNoQueue() throws Exception {
        EmbeddedBroker embedded = EmbeddedBrokers.privateBroker();
        String uri = embedded.start(0);
        try {
            FarineProcess publish = FarineProcess.run(dir, Map.of("FARINE_DEFAULT_AMQP_URI", uri),
                    "publish", "orders", "order.created", "{\"id\": 1}", "--type", "topic");
            assertThat(publish.exitCode()).as(publish.output()).isEqualTo(1);
            assertThat(publish.err()).contains("farine: not confirmed: the broker refused 1 message that reached no queue "
                    + "(none is bound to routing key 'order.created' on exchange orders)").doesNotContain("nacks received");
        } finally {
            embedded.stop();
        }
    }
}
