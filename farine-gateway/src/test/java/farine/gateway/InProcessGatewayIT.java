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
    void theSwitchInDefaultIsRefusedSinceItWouldStartOnePerService() {
        assertThatThrownBy(() -> {
            try (Container container = Container.create(GatewayBroker.config(Map.of("DEFAULT",
                    Map.of("amqp_uri", GatewayBroker.VHOST.amqpUri(), "gateway", "true"))), List.of(Kitchen.class))) {
                container.start();
            }
        }).hasStackTraceContaining("[DEFAULT] gateway = true would start a gateway per service");
    }
}
