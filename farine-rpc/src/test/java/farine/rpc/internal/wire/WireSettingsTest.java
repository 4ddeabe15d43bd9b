package farine.rpc.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.Config;
import farine.ConfigException;
import farine.ConfigSection;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireSettingsTest {

    private static ConfigSection section(Map<String, String> keys) {
        return Config.of(Map.of("maths", keys)).section("maths");
    }

    @Test
    void requestsAndRepliesAreTransientOnADirectExchangeUnlessTheSectionSaysOtherwise() {
        assertThat(WireSettings.deliveryMode(section(Map.of()))).isEqualTo(1);
        assertThat(WireSettings.deliveryMode(section(Map.of("delivery_mode", "2")))).isEqualTo(2);
        assertThat(WireSettings.exchangeType(section(Map.of()))).isEqualTo("direct");
        assertThat(WireSettings.exchangeType(section(Map.of("type", " Topic ")))).isEqualTo("topic");
    }

    @Test
    void anotherValueNamesSectionKeyValueAndTheChoices() {
        assertThatThrownBy(() -> WireSettings.deliveryMode(section(Map.of("delivery_mode", "3"))))
                .isInstanceOf(ConfigException.class).hasMessage("[maths] delivery_mode = 3: must be 1 (transient) or 2 (persistent)");
        assertThatThrownBy(() -> WireSettings.exchangeType(section(Map.of("type", "x-delayed"))))
                .isInstanceOf(ConfigException.class).hasMessage("[maths] type = \"x-delayed\": expected direct, topic, fanout or headers");
    }
}
