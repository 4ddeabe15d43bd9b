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
