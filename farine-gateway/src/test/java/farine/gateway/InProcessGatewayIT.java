package farine.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.ConfigException;
import farine.Container;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code gateway = true} in a service's section: the container serves HTTP next to the service while it runs. */
class InProcessGatewayIT {

    @Test
    void aServiceSectionSwitchStartsTheGatewayWithTheContainerAndStopsItWithIt() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        try (Container container = Container.create(GatewayBroker.config(Map.of(
                "gw_kitchen", Map.of("rpc_token", GatewayBroker.KITCHEN_TOKEN, "gateway", "true"),
                "gateway", Map.of("port", String.valueOf(port)))), List.of(Kitchen.class))) {
            container.start();
            Http.Reply reply = Http.call(base, "rpc/gw_kitchen/hello", "[\"Ada\"]");
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body().asString()).isEqualTo("Hello, Ada!");
        }
        assertThatThrownBy(() -> Http.get(base, "health")).isInstanceOf(UncheckedIOException.class);
    }

    /**
     * With no amqp_uri anywhere the service runs on the embedded development broker, and so does its gateway: it
     * used to refuse to start ("[gateway] has no amqp_uri"), taking the container down with it.
     */
    @Test
    void withNoBrokerConfiguredTheGatewayServesTheServicesEmbeddedBroker() throws IOException {
        int port = freePort();
        try (Container container = Container.create(farine.Config.of(Map.of(
                "gw_kitchen", Map.of("gateway", "true", "shutdown_timeout", "5s", "rpc_token", GatewayBroker.KITCHEN_TOKEN),
                "gateway", Map.of("port", String.valueOf(port)))), List.of(Kitchen.class))) {
            container.start();
            Http.Reply reply = Http.call(URI.create("http://127.0.0.1:" + port + "/"), "rpc/gw_kitchen/hello", "[\"Ada\"]");
            assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(200);
            assertThat(reply.body().asString()).isEqualTo("Hello, Ada!");
        }
    }

    @Test
    void farineObservesHealthEndpointServesBesideTheGatewayInOneJvm() throws Exception {
        int metrics = freePort();
        int port = freePort();
        try (Container container = Container.create(GatewayBroker.config(Map.of(
                "DEFAULT", Map.of("amqp_uri", GatewayBroker.VHOST.amqpUri(), "shutdown_timeout", "5s", "metrics_port", String.valueOf(metrics)),
                "gw_kitchen", Map.of("rpc_token", GatewayBroker.KITCHEN_TOKEN, "gateway", "true"),
                "gateway", Map.of("port", String.valueOf(port)))), List.of(Kitchen.class))) {
            container.start();
            // the gateway's server (Helidon) leaves the JDK's HttpServer, which farine-observe uses, as it is
            java.net.http.HttpResponse<String> live = Http.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metrics + "/health/live")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(Http.call(URI.create("http://127.0.0.1:" + port + "/"), "rpc/gw_kitchen/hello", "[\"Ada\"]").status()).isEqualTo(200);
        }
    }

    @Test
    void aStoppingGatewayLetsARequestInProgressFinishAndSaysWhatItDrained() throws Exception {
        try (farine.testing.LogCapture logs = new farine.testing.LogCapture("farine.gateway");
                Container kitchen = GatewayBroker.kitchen()) {
            Gateway gateway = Gateway.start(GatewayBroker.config(Map.of()));
            URI base = gateway.uri();
            assertThat(Http.call(base, "rpc/gw_kitchen/hello", "[\"Ada\"]").status()).isEqualTo(200);
            java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>> slow = Http.CLIENT.sendAsync(
                    Http.post(base, "rpc/gw_kitchen/slow", "[400]").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> Http.get(base, "health").body().get("pending_calls").asInt() == 1);
            gateway.close();
            assertThat(slow.get().statusCode()).as("answered within the grace period").isEqualTo(200);
            assertThat(logs.lines("INFO", "stopped")).singleElement().asString()
                    .contains("farine gateway on " + base + " stopped in ")
                    .contains(": 1 requests in progress at the stop (1 RPC calls waiting for replies), 1 finished, 0 cut off;")
                    .containsPattern("; ([3-9]|\\d\\d+) requests answered since the start$"); // hello, slow, the health checks
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    @Test
    void theSwitchInDefaultIsRefusedSinceItWouldStartOnePerService() {
        assertThatThrownBy(() -> {
            try (Container container = Container.create(GatewayBroker.config(Map.of("DEFAULT",
                    Map.of("amqp_uri", GatewayBroker.VHOST.amqpUri(), "gateway", "true"))), List.of(Kitchen.class))) {
                container.start();
            }
        }).hasStackTraceContaining("[DEFAULT] gateway = true would start a gateway per service");
    }
}
