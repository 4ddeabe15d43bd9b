package farine.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import farine.Config;
import farine.Container;
import farine.FarineException;
import farine.Service;
import farine.embedded.spi.EmbeddedBroker;
import farine.testing.ServiceRunner;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code amqp_uri = embedded} (or no {@code amqp_uri} at all) end to end: a real container with a
 * {@code @Consume} service on the embedded development broker (farine-embedded, on this module's test
 * classpath through farine-testing), fed by a {@link Publisher} that uses the URI from the WARN line.
 * Lives here rather than in farine-embedded or farine-testing because those come before farine-amqp in
 * the build (farine-amqp's tests depend on farine-testing, which depends on farine-embedded).
 */
class EmbeddedDevelopmentBrokerIT {

    /** Receives orders; fails on "poison" so that retries and dead-lettering run on Qpid too. */
    @Service("embedded-orders")
    public static final class Orders {
        static final List<Map<String, Object>> RECEIVED = new CopyOnWriteArrayList<>();

        public Orders() {
        }

        @Consume(exchange = "embedded-orders", routingKey = "order.created", type = ExchangeType.TOPIC)
        public void created(Map<String, Object> order) {
            if ("poison".equals(order.get("id"))) {
                throw new IllegalArgumentException("cannot take order " + order.get("id"));
            }
            RECEIVED.add(order);
        }
    }

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger connectorLog = (Logger) LoggerFactory.getLogger("farine.amqp.internal.connection.AmqpConnector");

    @BeforeEach
    void captureLog() {
        Orders.RECEIVED.clear();
        log.start();
        connectorLog.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        connectorLog.detachAppender(log);
    }

    private String warnedUri() {
        List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("no amqp_uri configured: embedded development broker at ")).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).endsWith(", in-memory, not for production");
        return lines.get(0).replaceAll(".* at (amqp://\\S+), in-memory.*", "$1");
    }

    @Test
    void a_consumer_on_the_embedded_broker_receives_what_a_publisher_sends_to_the_printed_uri() throws Exception {
        Config config = Config.of(Map.of("DEFAULT", Map.of("amqp_uri", "embedded", "retry_delay", "20ms", "retries", "1",
                "shutdown_timeout", "5s")));
        String uri;
        try (Container container = Container.create(config, List.of(Orders.class))) {
            container.start();
            uri = warnedUri();
            assertThat(uri).matches("amqp://guest:guest@127\\.0\\.0\\.1:\\d+/");
            // a second client (another process would do the same) uses the printed URI
            try (Publisher.Standalone publisher = Publisher.connect(
                    Config.of(Map.of("client", Map.of("amqp_uri", uri, "type", "topic"))).section("client"), "embedded-orders")) {
                for (int i = 0; i < 20; i++) {
                    publisher.send("order.created", Map.of("id", "o-" + i));
                }
                publisher.send("order.created", Map.of("id", "poison"));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> Orders.RECEIVED.size() == 20);
            assertThat(Orders.RECEIVED).extracting(o -> o.get("id")).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, 20).mapToObj(i -> "o-" + i).toList());
            try (Connection connection = connect(uri); Channel channel = connection.createChannel()) {
                GetResponse[] dead = new GetResponse[1];
                await().atMost(Duration.ofSeconds(20)).until(() -> (dead[0] = channel.basicGet("order.created.dead", true)) != null);
                assertThat(new String(dead[0].getBody(), StandardCharsets.UTF_8)).contains("poison");
                assertThat(String.valueOf(dead[0].getProps().getHeaders().get("x-farine-error"))).contains("cannot take order poison");
            }
        }
        assertThatThrownBy(() -> connect(uri)).as("the broker stops with the container that started it").isInstanceOf(Exception.class);
    }

    @Test
    void without_any_amqp_uri_the_embedded_broker_starts_on_the_fixed_embedded_port() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Config config = Config.of(Map.of("embedded-orders", Map.of("embedded_port", Integer.toString(port), "shutdown_timeout", "5s")));
        try (Container container = Container.create(config, List.of(Orders.class))) {
            container.start();
            assertThat(warnedUri()).isEqualTo("amqp://guest:guest@127.0.0.1:" + port + "/");
            // a second user in the same process joins the same broker instead of starting another
            EmbeddedBroker handle = ServiceLoader.load(EmbeddedBroker.class).findFirst().orElseThrow();
            try {
                assertThat(handle.start(0)).isEqualTo("amqp://guest:guest@127.0.0.1:" + port + "/");
            } finally {
                handle.stop();
            }
            try (Connection connection = connect("amqp://guest:guest@127.0.0.1:" + port + "/")) {
                assertThat(connection.isOpen()).as("still running for the container").isTrue();
            }
        }
    }

    @Test
    void a_quorum_queue_on_the_embedded_broker_fails_saying_the_embedded_broker_does_not_support_it() {
        Config config = Config.of(Map.of("DEFAULT", Map.of("amqp_uri", "embedded", "queue_type", "quorum", "shutdown_timeout", "5s")));
        try (Container container = Container.create(config, List.of(Orders.class))) {
            assertThatThrownBy(container::start).isInstanceOf(FarineException.class)
                    .hasMessageContaining("x-queue-type")
                    .hasMessageContaining("the embedded development broker (Apache Qpid) does not support queue arguments, so not queue_type = quorum");
        }
    }

    @Test
    void the_service_runner_with_amqp_uri_embedded_hands_out_the_real_uri_for_clients() {
        try (ServiceRunner runner = ServiceRunner.builder(Orders.class).lines("amqp_uri = embedded").start()) {
            assertThat(runner.amqpUri()).isEqualTo(warnedUri());
            Publisher publisher = runner.client(uri -> Publisher.connect(
                    Config.of(Map.of("client", Map.of("amqp_uri", uri, "type", "topic"))).section("client"), "embedded-orders"));
            publisher.send("order.created", Map.of("id", "via-runner"));
            await().atMost(Duration.ofSeconds(20)).until(() -> Orders.RECEIVED.size() == 1);
            assertThat(Orders.RECEIVED.get(0)).containsEntry("id", "via-runner");
        }
    }

    @Test
    void a_bad_embedded_port_is_a_configuration_error() {
        Config config = Config.of(Map.of("embedded-orders", Map.of("embedded_port", "70000")));
        assertThatThrownBy(() -> Container.create(config, List.of(Orders.class)).start())
                .hasMessageContaining("[embedded-orders] embedded_port = \"70000\": expected a TCP port");
    }

    private static Connection connect(String uri) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(2000);
        return factory.newConnection("embedded-it");
    }
}
