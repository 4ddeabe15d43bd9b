package farine.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.sun.net.httpserver.HttpServer;
import farine.Container;
import farine.Execute;
import farine.amqp.Publish;
import farine.amqp.PublishException;
import farine.amqp.Publisher;
import farine.rpc.RpcCaller;
import farine.rpc.RpcClient;
import farine.rpc.RpcClients;
import farine.rpc.RpcMethod;
import farine.rpc.RpcTimeoutException;
import farine.stream.HttpStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The outcomes MetricsIT's traffic does not produce, each brought about for real and then read from {@code /metrics}:
 * publishes nacked and timed out, RPC timeouts on both sides, streamed calls, {@code @Execute} restarts, SSE events
 * and reconnects.
 */
class OutcomesIT {

    public static final class ObsPub {
        static volatile Publisher out;
        private final Publisher full;

        public ObsPub(@Publish(exchange = "obs-full", routingKey = "obs.full") Publisher full,
                @Publish(exchange = "obs-out", routingKey = "obs.out") Publisher out) {
            this.full = full;
            ObsPub.out = out;
        }

        @RpcMethod
        public String put(String item) {
            try {
                full.send(item);
                return "sent";
            } catch (PublishException e) {
                return e.reason();
            }
        }
    }

    @Test
    void publishesTheBrokerNacksAndPublishesThatTimeOutAreCountedSo() throws Exception {
        if (!Broker.VHOST.isPrivate()) {
            throw new IllegalStateException("this test closes connections and needs a private vhost (rabbitmqctl on the broker host)");
        }
        try (Connection raw = connect(); Channel channel = raw.createChannel()) {
            // a full queue that rejects publishes: the broker nacks them
            channel.exchangeDeclare("obs-full", "direct", true);
            channel.queueDeclare("obs-full-q", true, false, false, Map.of("x-max-length", 0, "x-overflow", "reject-publish"));
            channel.queueBind("obs-full-q", "obs-full", "obs.full");
        }
        int port = Broker.freePort();
        // the client recovers a lost connection after 1 s: a publish waiting for it gives up after publish_timeout
        var config = Broker.config(port, Map.of("obspub", Map.of("publish_retries", "1", "publish_retry_delay", "10ms", "publish_timeout", "300ms")));
        try (Container container = Container.create(config, List.of(ObsPub.class)); RpcClients clients = RpcClients.connect(Broker.uri())) {
            container.start();
            assertThat(clients.caller("obspub").call("put", "x")).isEqualTo("nacked by the broker (after 1 retries)");
            assertThat(clients.caller("obspub").call("put", "y")).isEqualTo("nacked by the broker (after 1 retries)");

            // the service's publishing connection only (readiness counts it): the publish then waits for the recovery
            int timedOut = 0;
            int failed = 0; // a publish that meets the connection while it closes fails at once instead
            List<String> outcomes = new java.util.ArrayList<>();
            for (int attempt = 0; attempt < 5 && timedOut == 0; attempt++) {
                assertThat(Broker.VHOST.closeConnections("farine-publish [obspub]")).isEqualTo(1);
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                        .until(() -> Broker.get(port, "/health/ready").statusCode() == 503);
                try {
                    ObsPub.out.send("during the outage");
                    outcomes.add("sent");
                } catch (PublishException e) {
                    outcomes.add(e.reason());
                    if (e.reason().contains("publish_timeout 300 ms")) {
                        timedOut++;
                    } else {
                        failed++;
                    }
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> Broker.get(port, "/health/ready").statusCode() == 200);
            }
            assertThat(timedOut).as("a publish during the outage timed out: %s", outcomes).isEqualTo(1);

            String scrape = Broker.scrape(port);
            assertThat(Broker.sample(scrape, "farine_messages_published_total", "service", "obspub", "exchange", "obs-full", "outcome", "nacked"))
                    .isEqualTo(2);
            assertThat(Broker.sample(scrape, "farine_messages_published_total", "service", "obspub", "exchange", "obs-out", "outcome", "timed_out"))
                    .isEqualTo(timedOut);
            assertThat(Broker.sample(scrape, "farine_messages_published_total", "service", "obspub", "exchange", "obs-out", "outcome", "failed"))
                    .isEqualTo(failed);
        } finally {
            try (Connection raw = connect(); Channel channel = raw.createChannel()) {
                channel.queueDelete("obs-full-q");
            }
        }
    }

    public static final class ObsSlow {
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @RpcMethod
        public String slow() throws InterruptedException {
            RELEASE.await(10, TimeUnit.SECONDS);
            return "late";
        }

        @RpcMethod
        public Stream<Integer> count(int n) {
            return IntStream.range(0, n).boxed();
        }
    }

    /** The typed view of {@link ObsSlow}. */
    public interface SlowClient {
        String slow();

        Stream<Integer> count(int n);
    }

    /** Calls {@link ObsSlow} from inside the container, with [obsslow] rpc_timeout = 300ms. */
    public static final class ObsImpatient {
        private final SlowClient slow;

        public ObsImpatient(@RpcClient("obsslow") SlowClient slow) {
            this.slow = slow;
        }

        @RpcMethod
        public String waitForSlow() {
            try {
                return slow.slow();
            } catch (RpcTimeoutException e) {
                return "timeout";
            }
        }

        @RpcMethod
        public int total(int n) {
            try (Stream<Integer> items = slow.count(n)) {
                return items.mapToInt(Integer::intValue).sum();
            }
        }

        @RpcMethod
        public int first(int n) {
            try (Stream<Integer> items = slow.count(n)) {
                return items.findFirst().orElse(-1);
            }
        }
    }

    @Test
    void timeoutsOnBothSidesAndStreamedCallsAreTimedWithTheirOutcome() throws Exception {
        int port = Broker.freePort();
        var config = Broker.config(port, Map.of("obsslow", Map.of("rpc_timeout", "300ms")));
        try (Container container = Container.create(config, List.of(ObsSlow.class, ObsImpatient.class));
                RpcClients clients = RpcClients.connect(Broker.uri())) {
            container.start();
            RpcCaller impatient = clients.caller("obsimpatient");
            assertThat(impatient.call("waitForSlow")).isEqualTo("timeout");
            ObsSlow.RELEASE.countDown();
            assertThat(impatient.call("total", 4)).isEqualTo(6);
            assertThat(impatient.call("total", 3)).isEqualTo(3);
            assertThat(impatient.call("first", 1000)).isEqualTo(0);
            // a request whose caller's deadline has passed before a worker takes it: dropped unserved
            try (Connection raw = connect(); Channel channel = raw.createChannel()) {
                String replies = channel.queueDeclare().getQueue();
                channel.basicPublish("obsslow", "obsslow__count", new AMQP.BasicProperties.Builder()
                        .contentType("application/json").replyTo(replies).correlationId(UUID.randomUUID().toString())
                        .headers(Map.of("x-farine-deadline", System.currentTimeMillis() - 1000)).build(),
                        "{\"args\": [3], \"kwargs\": {}}".getBytes(StandardCharsets.UTF_8));
                await().atMost(Duration.ofSeconds(10)).until(() -> Broker.sample(Broker.scrape(port), "farine_rpc_server_seconds_count",
                        "service", "obsslow", "method", "count", "outcome", "timeout") == 1);
                assertThat(channel.messageCount(replies)).as("no reply to a dropped request").isZero();
            }

            String scrape = Broker.scrape(port);
            assertThat(sample(scrape, "farine_rpc_client_seconds_count", "slow", "timeout")).isEqualTo(1);
            assertThat(sample(scrape, "farine_rpc_client_seconds_count", "count", "ok")).as("streams read to their end").isEqualTo(2);
            assertThat(sample(scrape, "farine_rpc_client_seconds_count", "count", "closed")).as("a stream closed early").isEqualTo(1);
        }
    }

    private static double sample(String scrape, String name, String method, String outcome) {
        return Broker.sample(scrape, name, "service", "obsimpatient", "target", "obsslow", "method", method, "outcome", outcome);
    }

    public static final class ObsRestarting {
        static final AtomicInteger RUNS = new AtomicInteger();

        /** Fails twice, then returns: restarted twice, then not run again (restart = false). */
        @Execute(restart = false)
        public void run() {
            if (RUNS.incrementAndGet() <= 2) {
                throw new IllegalStateException("failing on purpose, run " + RUNS.get());
            }
        }
    }

    public static final class ObsTicks {
        @HttpStream
        public void tick(String data) {
        }
    }

    @Test
    void executeRestartsAndServerSentEventsAndReconnectsAreCounted() throws Exception {
        // each connection gets two events, then the server ends the stream: the listener reconnects
        AtomicInteger connections = new AtomicInteger();
        HttpServer sse = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sse.createContext("/", exchange -> {
            connections.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write("retry: 50\ndata: 1\n\ndata: 2\n\n".getBytes(StandardCharsets.UTF_8));
            }
        });
        sse.start();
        int port = Broker.freePort();
        var config = Broker.config(port, Map.of("obsrestarting", Map.of("restart_delay", "20ms"),
                "obsticks", Map.of("endpoint", "http://127.0.0.1:" + sse.getAddress().getPort() + "/ticks", "reconnect_delay", "50ms",
                        "limit", "4")));
        try (Container container = Container.create(config, List.of(ObsRestarting.class, ObsTicks.class))) {
            container.start();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                String scrape = Broker.scrape(port);
                assertThat(Broker.sample(scrape, "farine_execute_restarts_total", "service", "obsrestarting", "method", "run")).isEqualTo(2);
                // two connections of two events each; the limit of 4 ends the second without a reconnect
                assertThat(Broker.sample(scrape, "farine_stream_events_total", "service", "obsticks", "method", "tick")).isEqualTo(4);
                assertThat(Broker.sample(scrape, "farine_stream_reconnects_total", "service", "obsticks", "method", "tick")).isEqualTo(1);
                // the restart is counted before its pause: the third run may come a little after the second count
                assertThat(ObsRestarting.RUNS.get()).isEqualTo(3);
            });
            assertThat(connections.get()).isEqualTo(2);
        } finally {
            sse.stop(0);
        }
    }

    private static Connection connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(Broker.uri());
        return factory.newConnection("obs-test-raw");
    }
}
