package farine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;

class WireTest {

    private final Wire wire = new Wire();

    @Test
    void theBenchmarkRequestIsExactlyOneHundredBytesOfFarineJson() {
        byte[] request = wire.request(wire.text());

        assertThat(request).hasSize(Wire.PAYLOAD_BYTES);
        JsonNode node = wire.read(request);
        assertThat(node.get("args").get(0).asString()).isEqualTo(wire.text());
        assertThat(node.get("kwargs").isObject()).isTrue();
        assertThat(node.get("kwargs").size()).isZero();
    }

    @Test
    void anItemFrameCarriesTheBodyAndANegativeEndFlag() {
        JsonNode frame = wire.read(wire.itemFrame(IntNode.valueOf(7)));

        assertThat(frame.get("body").asInt()).isEqualTo(7);
        assertThat(frame.get("__end__").asBoolean()).isFalse();
    }

    @Test
    void theEndFrameIsTheProtocolsOne() {
        assertThat(new String(Wire.END_FRAME, StandardCharsets.UTF_8)).isEqualTo("{\"__end__\":true}");
    }

    @Test
    void messagesArePersistentUtf8Json() {
        var props = Wire.properties().build();

        assertThat(props.getDeliveryMode()).isEqualTo(2);
        assertThat(props.getContentType()).isEqualTo("application/json");
        assertThat(props.getContentEncoding()).isEqualTo("utf-8");
    }
}
