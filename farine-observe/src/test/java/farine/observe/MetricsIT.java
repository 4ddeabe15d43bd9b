package farine.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import farine.Config;
import farine.Container;
import farine.amqp.Consume;
import farine.amqp.Publish;
import farine.amqp.Publisher;
import farine.rpc.RemoteException;
import farine.rpc.RpcCaller;
import farine.rpc.RpcClients;
import farine.rpc.RpcMethod;
import farine.spi.Containers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** After known traffic, {@code GET /metrics} shows each call, message and publish with its outcome. */
class MetricsIT {

    public static final class ObsShop {
        private final Publisher orders;

        public ObsShop(@Publish(exchange = "obs-orders", routingKey = "obs.take") Publisher orders) {
            this.orders = orders;
        }

        @RpcMethod
        public int add(int a, int b) {
            return a + b;
        }

        @RpcMethod
        public int fail() {
            throw new IllegalStateException("out of stock");
        }

        @RpcMethod
        public String order(String item) {
            orders.send(item);
            return item;
        }
    }

    public static final class ObsSink {
        @Consume(exchange = "obs-orders", routingKey = "obs.take")
        public void take(String item) {
            if (item.startsWith("bad")) {
                throw new IllegalStateException("cannot take " + item);
            }
        }
    }

    @Test
    void theScrapeCountsCallsMessagesAndPublishesByOutcome() throws Exception {
        int port = Broker.freePort();
        Config config = Broker.config(port, Map.of("obssink", Map.of("retries", "1", "retry_delay", "20")));
        try (Container container = Container.create(config, List.of(ObsShop.class, ObsSink.class));
                RpcClients clients = RpcClients.connect(Broker.uri())) {
            container.start();
            RpcCaller shop = clients.caller("obsshop");
            for (int i = 0; i < 3; i++) {
                assertThat(shop.call("add", i, 1)).isEqualTo(i + 1);
            }
            assertThatThrownBy(() -> shop.call("fail")).isInstanceOf(RemoteException.class);
            shop.call("order", "good-1");
            shop.call("order", "good-2");
            shop.call("order", "bad-1");
            publishRaw("{not json");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                String scrape = Broker.scrape(port);
                assertThat(Broker.sample(scrape, "farine_messages_consumed_seconds_count", "service", "obssink", "outcome", "dead_lettered"))
                        .isEqualTo(1);
                assertThat(Broker.sample(scrape, "farine_messages_consumed_seconds_count", "service", "obssink", "outcome", "malformed"))
                        .isEqualTo(1);
            });
            String scrape = Broker.scrape(port);
            assertThat(Broker.sample(scrape, "farine_rpc_server_seconds_count", "service", "obsshop", "method", "add", "outcome", "ok"))
                    .isEqualTo(3);
            assertThat(Broker.sample(scrape, "farine_rpc_server_seconds_count", "method", "fail", "outcome", "IllegalStateException"))
                    .isEqualTo(1);
            assertThat(Broker.sample(scrape, "farine_rpc_server_seconds_bucket", "method", "add", "outcome", "ok", "le", "+Inf"))
                    .as("a histogram").isEqualTo(3);
            assertThat(Broker.sample(scrape, "farine_messages_consumed_seconds_count", "method", "take", "outcome", "acked")).isEqualTo(2);
            assertThat(Broker.sample(scrape, "farine_messages_consumed_seconds_count", "method", "take", "outcome", "retried")).isEqualTo(1);
            assertThat(Broker.sample(scrape, "farine_messages_published_total", "service", "obsshop", "exchange", "obs-orders",
                    "outcome", "confirmed")).isEqualTo(3);
            assertThat(Broker.sample(scrape, "farine_workers_active", "service", "obsshop", "method", "add")).isZero();
            assertThat(scrape).contains("jvm_memory_used_bytes").contains("process_cpu_usage");
        }
    }

    @Test
    void aCallerInsideAServiceIsCountedWithItsTarget() throws Exception {
        int port = Broker.freePort();
        try (Container container = Container.create(Broker.config(port, Map.of()), List.of(ObsShop.class, ObsFront.class));
                RpcClients clients = RpcClients.connect(Broker.uri())) {
            container.start();
            assertThat(clients.caller("obsfront").call("sum", 2, 3)).isEqualTo(5);
            String scrape = Broker.scrape(port);
            assertThat(Broker.sample(scrape, "farine_rpc_client_seconds_count", "service", "obsfront", "target", "obsshop", "method", "add",
                    "outcome", "ok")).isEqualTo(1);
        }
    }

    public static final class ObsFront {
        private final RpcCaller shop;

        public ObsFront(@farine.rpc.RpcClient("obsshop") RpcCaller shop) {
            this.shop = shop;
        }

        @RpcMethod
        public int sum(int a, int b) {
            return (Integer) shop.call("add", a, b);
        }
    }

    @Test
    void withoutMetricsPortNothingListensAndNoObserverIsMade() throws Exception {
        int port = Broker.freePort();
        try (Container container = Container.create(Broker.config(-1, Map.of()), List.of(ObsShop.class))) {
            container.start();
            assertThatThrownBy(() -> Broker.get(port, "/metrics")).isInstanceOf(java.net.ConnectException.class);
        }
    }

    @Test
    void anApplicationsOwnRegistryReceivesTheMeters() throws Exception {
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        Config config = Broker.config(-1, Map.of());
        try (Container container = Containers.create(config, List.of(ObsShop.class), FarineMetrics.observer(config, registry));
                RpcClients clients = RpcClients.connect(Broker.uri())) {
            container.start();
            clients.caller("obsshop").call("add", 1, 1);
            assertThat(registry.get("farine.rpc.server").tag("method", "add").tag("outcome", "ok").timer().count()).isEqualTo(1);
        }
    }

    private static void publishRaw(String body) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(Broker.uri());
        try (Connection connection = factory.newConnection("obs-test-publisher"); Channel channel = connection.createChannel()) {
            channel.basicPublish("obs-orders", "obs.take", new AMQP.BasicProperties.Builder().contentType("application/json").build(),
                    body.getBytes(StandardCharsets.UTF_8));
        }
    }
}
