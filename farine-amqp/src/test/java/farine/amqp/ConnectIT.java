package farine.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.Config;
import farine.Container;
import farine.FarineException;
import farine.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Starting while the broker is down: retry with backoff, one log line per window, connect_timeout, masked credentials. */
@Tag("broker")
@ExtendWith(Rabbit.Vhost.class)
class ConnectIT {

    public static final class Waiter {
        private final Publisher seen;

        public Waiter(@Publish(exchange = "w-seen", routingKey = "waiter") Publisher seen) {
            this.seen = seen;
        }

        @Consume(exchange = "w-in", routingKey = "w.in")
        public void in(String text) {
            seen.send("got " + text);
        }
    }

    private final Rabbit rabbit;

    ConnectIT(Rabbit rabbit) {
        this.rabbit = rabbit;
    }

    @Test
    void aBrokerThatStaysDownFailsTheStartAfterConnectTimeoutWithTheCredentialsMasked() throws Exception {
        try (TcpProxy down = TcpProxy.down(); LogCapture logs = new LogCapture()) {
            String uri = "amqp://app:s3cret@127.0.0.1:" + down.port() + "/";
            Config config = Config.of(Map.of("waiter", Map.of("amqp_uri", uri, "connect_timeout", "2s")));
            try (Container container = Container.create(config, List.of(Waiter.class))) {
                assertThatThrownBy(container::start)
                        .isInstanceOf(FarineException.class)
                        .hasMessageContaining("cannot connect to amqp://app:****@127.0.0.1:" + down.port() + "/ after ")
                        .hasMessageContaining("within connect_timeout 2000 ms: java.net.ConnectException: Connection refused")
                        .satisfies(e -> assertThat(fullText(e)).doesNotContain("s3cret"));
            }
            // attempts at 0, 0.5, 1.5 s: one line for the whole window
            assertThat(logs.lines("WARN", "cannot connect")).hasSize(1).first().asString()
                    .contains("amqp://app:****@127.0.0.1:" + down.port())
                    .contains("giving up after connect_timeout 2000 ms");
            assertThat(logs.lines()).noneMatch(l -> l.contains("s3cret"));
        }
    }

    @Test
    void aBrokerThatComesUpLaterIsConnectedToAndUsed() throws Exception {
        try (TcpProxy proxy = TcpProxy.down(); LogCapture logs = new LogCapture();
             Sink seen = Sink.bound(rabbit, "w-seen", "waiter")) {
            Config config = Config.of(Map.of("waiter", Map.of("amqp_uri", proxy.uri(rabbit))));
            try (Container container = Container.create(config, List.of(Waiter.class))) {
                CompletableFuture<Void> starting = CompletableFuture.runAsync(container::start);
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !logs.lines("WARN", "cannot connect").isEmpty());
                assertThat(starting).isNotDone();
                assertThat(logs.lines("WARN", "cannot connect").getFirst()).contains("until it answers");
                proxy.resume();
                assertThat(starting).succeedsWithin(Duration.ofSeconds(30));
                assertThat(logs.lines("INFO", "connected to")).isNotEmpty();
                try (Publisher.Standalone in = Publisher.connect(rabbit.config().section("w-test"), "w-in")) {
                    in.send("w.in", "late");
                }
                assertThat(seen.await(1).getFirst().body()).isEqualTo("\"got late\"");
            }
        }
    }

    @Test
    void severalHostsAreTriedInOrderSoADeadFirstHostIsSkipped() throws Exception {
        try (TcpProxy down = TcpProxy.down(); Sink seen = Sink.bound(rabbit, "w-seen", "waiter")) {
            String cluster = rabbit.uri().replace("127.0.0.1:5672", "127.0.0.1:" + down.port() + ",127.0.0.1:5672");
            Config config = Config.of(Map.of("waiter", Map.of("amqp_uri", cluster, "connect_timeout", "10s")));
            try (Container container = Container.create(config, List.of(Waiter.class))) {
                container.start();
                try (Publisher.Standalone in = Publisher.connect(rabbit.config().section("w-test"), "w-in")) {
                    in.send("w.in", "clustered");
                }
                assertThat(seen.await(1).getFirst().body()).isEqualTo("\"got clustered\"");
            }
        }
    }

    @Test
    void aStandalonePublisherFailsTheSameWay() throws Exception {
        try (TcpProxy down = TcpProxy.down()) {
            Config config = Config.of(Map.of("p", Map.of("amqp_uri", "amqp://app:s3cret@127.0.0.1:" + down.port() + "/", "connect_timeout", "500ms")));
            assertThatThrownBy(() -> Publisher.connect(config.section("p"), "x"))
                    .isInstanceOf(FarineException.class)
                    .hasMessageContaining("amqp://app:****@")
                    .satisfies(e -> assertThat(fullText(e)).doesNotContain("s3cret"));
        }
    }

    @Test
    void aUriEndingInASlashMeansTheDefaultVhostAsInKombu() throws Exception {
        // the test broker's address with a bare trailing slash, whatever vhost its URI names
        java.net.URI broker = java.net.URI.create(farine.testing.TestBroker.amqpUri());
        String base = broker.getScheme() + "://" + broker.getRawUserInfo() + "@" + broker.getHost() + ":" + broker.getPort() + "/";
        String exchange = "farine-amqp-it-slash-" + java.util.UUID.randomUUID();
        try (Publisher.Standalone p = Publisher.connect(base, exchange)) {
            p.send("nobody", "x");
        } finally {
            com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
            factory.setUri(base.replaceFirst("/$", "/%2F"));
            try (com.rabbitmq.client.Connection c = factory.newConnection(); com.rabbitmq.client.Channel ch = c.createChannel()) {
                ch.exchangeDelete(exchange);
            }
        }
    }

    private static String fullText(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}
