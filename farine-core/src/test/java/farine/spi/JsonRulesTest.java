package farine.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.json.JsonMapper;

class JsonRulesTest {

    record Instance(String serviceName, int port, boolean ready) {
    }

    @Test
    void numbersAndBooleansAreTakenAsSentNeverNarrowedOrGuessed() {
        for (JsonMapper mapper : List.of(JsonRules.MAPPER, JsonRules.snakeCase(), JsonRules.builder(100).build())) {
            assertThat(mapper.readValue("7", int.class)).isEqualTo(7);
            assertThat(mapper.readValue("7", double.class)).isEqualTo(7.0);
            assertThatThrownBy(() -> mapper.readValue("1.5", int.class)).isInstanceOf(JacksonException.class);
            assertThatThrownBy(() -> mapper.readValue("1.0", long.class)).isInstanceOf(JacksonException.class);
            assertThatThrownBy(() -> mapper.readValue("\"12\"", int.class)).isInstanceOf(JacksonException.class);
            assertThatThrownBy(() -> mapper.readValue("\"1.5\"", double.class)).isInstanceOf(JacksonException.class);
            assertThatThrownBy(() -> mapper.readValue("\"true\"", boolean.class)).isInstanceOf(JacksonException.class);
            assertThatThrownBy(() -> mapper.readValue("1", boolean.class)).isInstanceOf(JacksonException.class);
        }
    }

    @Test
    void unknownPropertiesAreIgnoredAMissingPrimitiveAndContentAfterTheValueAreRefused() {
        for (JsonMapper mapper : List.of(JsonRules.MAPPER, JsonRules.snakeCase())) {
            assertThat(mapper.readValue("{\"port\": 1, \"ready\": true, \"extra\": [1, 2]}", Instance.class).port()).isEqualTo(1);
            assertThatThrownBy(() -> mapper.readValue("{\"port\": 1, \"ready\": true} {}", Instance.class)).isInstanceOf(JacksonException.class);
            assertThatThrownBy(() -> mapper.readValue("{\"port\": 1}", Instance.class)).isInstanceOf(JacksonException.class)
                    .hasMessageContaining("null"); // a primitive left out is no 0 or false
            assertThatThrownBy(() -> mapper.readValue("[1] 2", Object.class)).isInstanceOf(JacksonException.class);
        }
    }

    @Test
    void untypedValuesKeepTheirJsonTypes() {
        Object value = JsonRules.MAPPER.readValue("{\"n\": 3, \"x\": 1.5, \"big\": 12345678901, \"s\": \"3\", \"b\": true}", Object.class);

        assertThat(value).isEqualTo(Map.of("n", 3, "x", 1.5, "big", 12345678901L, "s", "3", "b", true));
    }

    @Test
    void snakeCaseNamesPropertiesInSnakeCaseAndLeavesMapKeysAlone() {
        JsonMapper snake = JsonRules.snakeCase();

        assertThat(snake.writeValueAsString(new Instance("orders", 8080, true)))
                .isEqualTo("{\"service_name\":\"orders\",\"port\":8080,\"ready\":true}");
        assertThat(snake.readValue("{\"service_name\": \"orders\", \"port\": 1, \"ready\": false}", Instance.class))
                .isEqualTo(new Instance("orders", 1, false));
        assertThat(snake.readValue("{\"serviceName\": \"orders\", \"port\": 1, \"ready\": true}", Instance.class).serviceName()).isNull();
        assertThat(snake.writeValueAsString(Map.of("startedAt", 1))).isEqualTo("{\"startedAt\":1}");
        assertThat(JsonRules.MAPPER.writeValueAsString(new Instance("orders", 8080, true)))
                .isEqualTo("{\"serviceName\":\"orders\",\"port\":8080,\"ready\":true}");
        assertThat(JsonRules.snakeCase()).isSameAs(snake);
    }

    @Test
    void aTokenBudgetStopsTheParserAndTheDefaultLimitsHold() {
        JsonMapper budget = JsonRules.builder(5).build();

        assertThat(budget.readValue("[1, 2, 3]", Object.class)).isEqualTo(List.of(1, 2, 3));
        assertThatThrownBy(() -> budget.readValue("[1, 2, 3, 4, 5]", Object.class)).isInstanceOf(StreamConstraintsException.class);
        assertThatThrownBy(() -> JsonRules.MAPPER.readValue("[".repeat(1001) + "]".repeat(1001), Object.class))
                .isInstanceOf(StreamConstraintsException.class);
        assertThatThrownBy(() -> JsonRules.snakeCase().readValue("1".repeat(1001), Object.class))
                .isInstanceOf(StreamConstraintsException.class);
    }

    @Test
    void theThirdPartyBuilderKeepsJacksonsCoercionsAndTheSameLimits() {
        JsonMapper lenient = JsonRules.thirdPartyBuilder().build();
        assertThat(lenient.readValue("\"12.50\"", java.math.BigDecimal.class)).isEqualByComparingTo("12.50");
        assertThat(lenient.readValue("42.0", long.class)).isEqualTo(42L);
        assertThat(lenient.readValue("\"42\"", int.class)).isEqualTo(42);
        assertThat(lenient.readValue("{\"serviceName\":\"a\",\"port\":1,\"ready\":true,\"extra\":1}", Instance.class).port()).isEqualTo(1);
        assertThatThrownBy(() -> lenient.readValue("1 2", int.class)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> lenient.readValue("[".repeat(2000) + "]".repeat(2000), Object.class)).isInstanceOf(StreamConstraintsException.class);
    }
}
