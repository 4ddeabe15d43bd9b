package farine.amqp.internal.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.ConfigException;
import farine.amqp.internal.Sections;
import farine.amqp.spi.JsonBudget;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonBudgetTest {

    @Test
    void theDefaultSharesAQuarterOfTheHeapBetweenTheConcurrentMessagesWithAFloor() {
        assertThat(JsonBudget.defaultTokens(512L << 20, 8)).isEqualTo(83_886);
        assertThat(JsonBudget.defaultTokens(64L << 20, 8)).isEqualTo(65_536);
        assertThat(JsonBudget.defaultTokens(4L << 30, 1)).isEqualTo(5_368_709);
    }

    @Test
    void theKeyIsReadPerMethodAndMustBePositive() {
        assertThat(JsonBudget.from(Sections.of("max_json_tokens", "100", "m.max_json_tokens", "7").scoped("m"), 8).tokens()).isEqualTo(7);
        assertThatThrownBy(() -> JsonBudget.from(Sections.of("max_json_tokens", "0"), 8)).isInstanceOf(ConfigException.class)
                .hasMessage("[orders] max_json_tokens = 0: must be at least 1 (tokens)");
    }

    @Test
    void aBodyOverTheBudgetIsUnreadableSayingSoAndOneWithinItBinds() throws Exception {
        JsonBudget budget = JsonBudget.from(Sections.of("max_json_tokens", "1000"), 8);
        BodyBinder binder = new BodyBinder(java.util.List.of(Methods.class.getDeclaredMethod("map", Map.class).getParameters()), "m");
        byte[] costly = ("{\"a\": [" + "{},".repeat(600) + "{}]}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> binder.read(costly, budget)).isInstanceOf(BodyBinder.UnreadableBody.class)
                .hasMessage("message too costly to parse: more than max_json_tokens = 1000 JSON tokens");
        byte[] cheap = ("{\"a\": [" + "{},".repeat(400) + "{}]}").getBytes(StandardCharsets.UTF_8);
        assertThat(binder.read(cheap, budget)).isInstanceOf(Map.class);
        // deep nesting is still reported as the JSON error it is
        byte[] deep = "{\"a\": ".repeat(2000).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> binder.read(deep, JsonBudget.from(Sections.of("max_json_tokens", "100000"), 8)))
                .hasMessageStartingWith("body is not valid JSON: Document nesting depth");
    }

    @SuppressWarnings("unused")
    static final class Methods {
        void map(Map<String, Object> map) {
        }
    }
}
