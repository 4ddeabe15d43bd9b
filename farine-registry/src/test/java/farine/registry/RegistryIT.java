package farine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import farine.Container;
import farine.spi.EntrypointInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Services announce themselves on start, with their methods' schemas, and leave on stop. */
class RegistryIT {

    @Test
    void aStartedServiceIsListedWithItsEntryPointsAndSchemas() {
        try (Container shop = Broker.start(Map.of(), Shop.class);
                Registry registry = Registry.connect(Broker.uri())) {
            RegistrySnapshot snapshot = registry.snapshot();
            assertThat(snapshot.services()).contains("registry_shop");
            ServiceInstance instance = snapshot.instances("registry_shop").getFirst();
            assertThat(instance.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(instance.interval()).isEqualTo(Duration.ofSeconds(10));
            assertThat(instance.version()).isNotBlank();
            assertThat(instance.entrypoints()).contains(
                    new EntrypointInfo("rpc", "order", "registry_shop", "registry_shop__order", "registry_shop__order", false),
                    new EntrypointInfo("consume", "restock", "registry_shop", "restock", "restock", false));

            MethodDescription order = method(instance, "order");
            assertThat(order.parameters()).extracting(MethodDescription.ParameterDescription::name).containsExactly("items", "discounts");
            JsonNode items = order.parameters().get(0).schema();
            assertThat(items.at("/type").asString()).isEqualTo("array");
            JsonNode item = items.at("/items");
            assertThat(item.at("/properties/name/type").toString()).contains("string");
            assertThat(item.at("/properties/quantity/type").toString()).contains("integer");
            assertThat(item.at("/properties/size").toString()).contains("\"enum\":[\"SMALL\",\"LARGE\"]");
            // Optional<String> is a nullable string, not an object with a 'present' field
            assertThat(item.at("/properties/note/type").toString()).contains("string").contains("null");
            assertThat(order.parameters().get(1).schema().at("/additionalProperties/type").toString()).contains("integer");
            // the generic record's List<T> is resolved to List<Item>
            assertThat(order.result().at("/properties/items/items/properties/quantity/type").toString()).contains("integer");
            assertThat(order.streaming()).isFalse();

            MethodDescription browse = method(instance, "browse");
            assertThat(browse.streaming()).isTrue();
            assertThat(browse.result().at("/properties/name/type").toString()).contains("string");
            assertThat(method(instance, "forget").result()).isNull();
            assertThat(instance.methods()).extracting(MethodDescription::name).containsExactly("browse", "forget", "order");
        }
    }

    @Test
    void aGracefulStopRemovesTheInstanceAtOnce() {
        try (Registry registry = Registry.connect(Broker.uri(), Duration.ZERO)) {
            List<RegistrySnapshot> seen = new CopyOnWriteArrayList<>();
            registry.watch(seen::add);
            try (Container shop = Broker.start(Map.of(), Shop.class)) {
                await().atMost(Duration.ofSeconds(5)).until(() -> registry.snapshot().services().contains("registry_shop"));
            }
            // well within one heartbeat interval (10 s): the departure, not the expiry
            await().atMost(Duration.ofSeconds(2)).until(() -> registry.snapshot().instances("registry_shop").isEmpty());
            await().atMost(Duration.ofSeconds(2)).until(() -> !seen.isEmpty() && seen.getLast().instances("registry_shop").isEmpty());
        }
    }

    @Test
    void twoContainersOfOneServiceAreTwoInstances() {
        try (Container one = Broker.start(Map.of(), Shop.class);
                Container two = Broker.start(Map.of(), Shop.class);
                Registry registry = Registry.connect(Broker.uri())) {
            List<ServiceInstance> instances = registry.snapshot().instances("registry_shop");
            assertThat(instances).hasSize(2);
            assertThat(instances.get(0).instance()).isNotEqualTo(instances.get(1).instance());
        }
    }

    @Test
    void aKilledContainerDepartsTooAtOnce() {
        try (Container shop = Broker.start(Map.of(), Shop.class);
                Registry registry = Registry.connect(Broker.uri())) {
            assertThat(registry.snapshot().instances("registry_shop")).hasSize(1);
            shop.kill(); // the JVM lives on (a failed start, a second Ctrl-C): a best-effort departure
            // well within one heartbeat interval (10 s), let alone three: the departure, not the expiry
            await().atMost(Duration.ofSeconds(2)).until(() -> registry.snapshot().instances("registry_shop").isEmpty());
        }
    }

    /** What a process killed with kill -9 leaves (RegistryCommandsIT kills one): announcements that stop coming, no departure. */
    @Test
    void anInstanceThatStopsBeatingIsDroppedAfterThreeIntervals() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(Broker.uri());
        try (Registry registry = Registry.connect(Broker.uri(), Duration.ZERO);
                Connection connection = factory.newConnection("registry-test-ghost"); Channel channel = connection.createChannel()) {
            String body = """
                    {"service": "registry_ghost", "instance": "%s", "host": "elsewhere", "pid": 4242, "version": "0.0.1",
                     "started": "2026-12-07T01:18:04.159Z", "interval": "PT0.2S", "entrypoints": [], "methods": []}
                    """.formatted(UUID.randomUUID());
            long published = System.nanoTime(); // before the reader can have received it: a lower bound of its arrival
            channel.basicPublish("farine.registry", "announce.registry_ghost",
                    new AMQP.BasicProperties.Builder().type("farine.announce").contentType("application/json").build(),
                    body.getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> registry.snapshot().instances("registry_ghost").size() == 1);
            assertThat(registry.snapshot().instances("registry_ghost").getFirst().pid()).isEqualTo(4242);
            // no heartbeat follows: gone once 3 x 200 ms have passed since it arrived (after it was published), not before
            await().atMost(Duration.ofSeconds(3)).until(() -> registry.snapshot().instances("registry_ghost").isEmpty());
            assertThat(Duration.ofNanos(System.nanoTime() - published)).isGreaterThan(Duration.ofMillis(600));
        }
    }

    @Test
    void registryFalseKeepsAServiceOutOfTheRegistry() {
        try (Container shop = Broker.start(Map.of("registry", "false"), Shop.class);
                Registry registry = Registry.connect(Broker.uri())) {
            assertThat(registry.snapshot().instances("registry_shop")).isEmpty();
        }
    }

    private static MethodDescription method(ServiceInstance instance, String name) {
        return instance.methods().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }
}
