package farine.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.registry.MethodDescription;
import farine.registry.ServiceInstance;
import farine.spi.EntrypointInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

class WireTest {

    private static final ServiceInstance ORDERS = new ServiceInstance("orders", "a1", "host-1", 42, "1.0", Instant.parse("2026-12-07T13:00:00Z"),
            Duration.ofSeconds(5), List.of(new EntrypointInfo("rpc", "place", "orders", "orders__place", "orders__place", true)),
            List.of(new MethodDescription("place", List.of(), NullNode.getInstance(), false, false)));

    @Test
    void anAnnouncementHasSnakeCaseKeysAndReadsBackEqual() {
        byte[] body = Wire.MAPPER.writeValueAsBytes(ORDERS);
        JsonNode tree = Wire.MAPPER.readTree(body);

        assertThat(tree.get("entrypoints").get(0).has("routing_key")).isTrue();
        assertThat(tree.get("entrypoints").get(0).has("private_method")).isTrue();
        assertThat(tree.has("routingKey") || tree.get("entrypoints").get(0).has("routingKey")).isFalse();
        assertThat(Wire.MAPPER.readValue(body, ServiceInstance.class)).isEqualTo(ORDERS);
    }

    @Test
    void keysANewerVersionAddsAreIgnored() {
        String departure = "{\"service\": \"orders\", \"instance\": \"a1\", \"reason\": \"stopped\"}";

        assertThat(Wire.MAPPER.readValue(departure, Wire.Departure.class)).isEqualTo(new Wire.Departure("orders", "a1"));
    }

    @Test
    void aNumberSentAsTextOrWithAFractionIsRefusedNotGuessed() {
        JsonNode tree = Wire.MAPPER.valueToTree(ORDERS);
        String pidAsText = tree.toString().replace("\"pid\":42", "\"pid\":\"42\"");
        String pidWithFraction = tree.toString().replace("\"pid\":42", "\"pid\":42.5");

        assertThat(pidAsText).contains("\"pid\":\"42\"");
        assertThatThrownBy(() -> Wire.MAPPER.readValue(pidAsText, ServiceInstance.class)).isInstanceOf(JacksonException.class)
                .hasMessageContaining("long");
        assertThatThrownBy(() -> Wire.MAPPER.readValue(pidWithFraction, ServiceInstance.class)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> Wire.MAPPER.readValue(tree.toString() + " {}", ServiceInstance.class)).isInstanceOf(JacksonException.class);
    }
}
