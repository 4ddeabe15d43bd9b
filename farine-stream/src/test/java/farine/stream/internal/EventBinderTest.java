package farine.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.ConfigException;
import farine.stream.SseEvent;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class EventBinderTest {

    record Tick(String symbol, BigDecimal price) {
    }

    /** A POJO with a setter, as older code has them. */
    static final class Quote {
        private String symbol;

        public String getSymbol() {
            return symbol;
        }

        public void setSymbol(String symbol) {
            this.symbol = symbol;
        }
    }

    @SuppressWarnings("unused")
    static final class Methods {
        void text(String data) {
        }

        void chars(CharSequence data) {
        }

        void event(SseEvent event) {
        }

        void tick(SseEvent event, Tick tick) {
        }

        void quote(Quote quote) {
        }

        void node(JsonNode node) {
        }

        void ticks(List<Tick> ticks) {
        }

        void map(Map<String, Integer> counts) {
        }

        void number(long n) {
        }

        void flag(boolean on) {
        }

        void nothing() {
        }

        void twoData(String a, Tick b) {
        }

        void twoEvents(SseEvent a, SseEvent b) {
        }
    }

    private final ObjectMapper json = StreamPlugin.mapper();

    private EventBinder binder(String method) {
        Method m = Arrays.stream(Methods.class.getDeclaredMethods()).filter(x -> x.getName().equals(method)).findFirst().orElseThrow();
        List<Parameter> parameters = List.of(m.getParameters());
        return EventBinder.of(parameters, json, "svc." + method);
    }

    private static SseEvent event(String data) {
        return new SseEvent("7", "tick", data, Duration.ofMillis(5));
    }

    @Test
    void stringAndCharSequenceGetTheRawData() {
        assertThat(binder("text").bind(event("{\"not\": \"parsed\"}"))).containsExactly("{\"not\": \"parsed\"}");
        assertThat(binder("chars").bind(event("a\nb"))).containsExactly("a\nb");
        assertThat(binder("text").dataType()).isEqualTo("java.lang.String");
    }

    @Test
    void sseEventGetsTheWholeEvent() {
        SseEvent e = event("x");

        assertThat(binder("event").bind(e)).containsExactly(e);
        assertThat(binder("event").dataType()).isEqualTo("SseEvent");
    }

    @Test
    void recordIsBoundByJacksonBesideTheEventIgnoringUnknownProperties() {
        SseEvent e = event("{\"symbol\": \"ACME\", \"price\": 12.50, \"venue\": \"XNYS\"}");

        assertThat(binder("tick").bind(e)).containsExactly(e, new Tick("ACME", new BigDecimal("12.50")));
        assertThat(binder("tick").dataType()).isEqualTo(Tick.class.getName());
    }

    @Test
    void pojoJsonNodeGenericsMapsAndNumbersAreBound() {
        Quote quote = (Quote) binder("quote").bind(event("{\"symbol\": \"ACME\"}"))[0];
        JsonNode node = (JsonNode) binder("node").bind(event("{\"n\": [1, 2]}"))[0];

        assertThat(quote.getSymbol()).isEqualTo("ACME");
        assertThat(node.get("n").get(1).asInt()).isEqualTo(2);
        assertThat(binder("ticks").bind(event("[{\"symbol\": \"A\", \"price\": 1}]")))
                .containsExactly(List.of(new Tick("A", BigDecimal.ONE)));
        assertThat(binder("map").bind(event("{\"a\": 1}"))).containsExactly(Map.of("a", 1));
        assertThat(binder("number").bind(event("42"))).containsExactly(42L);
    }

    @Test
    void methodWithoutParametersGetsNoArguments() {
        assertThat(binder("nothing").bind(event("ignored"))).isEmpty();
    }

    @Test
    void dataThatIsNotJsonOrNotTheTypeFailsToBind() {
        assertThatThrownBy(() -> binder("tick").bind(event("not json"))).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> binder("tick").bind(event("{\"price\": \"cheap\"}"))).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> binder("number").bind(event("42 43"))).isInstanceOf(JacksonException.class);
    }

    @Test
    void numbersAndBooleansAreBoundAsJacksonBindsThemTheStreamIsAThirdPartysJson() {
        // an SSE server is not farine's wire: prices as text, 42.0 for a count (Python's json) are common and bound before
        assertThat(binder("tick").bind(event("{\"symbol\": \"ACME\", \"price\": \"12.50\"}"))[1])
                .isEqualTo(new Tick("ACME", new BigDecimal("12.50")));
        assertThat(binder("tick").bind(event("{\"symbol\": \"ACME\", \"price\": 12}"))[1]).isEqualTo(new Tick("ACME", new BigDecimal("12")));
        assertThat(binder("number").bind(event("\"42\""))).containsExactly(42L);
        assertThat(binder("number").bind(event("42.0"))).containsExactly(42L);
        assertThat(binder("map").bind(event("{\"a\": 1.0}"))).containsExactly(Map.of("a", 1));
        assertThat(binder("flag").bind(event("\"true\""))).containsExactly(true);
        assertThatThrownBy(() -> binder("number").bind(event("\"forty-two\""))).isInstanceOf(JacksonException.class);
    }

    @Test
    void twoDataParametersAreRejectedNamingBoth() {
        assertThatThrownBy(() -> binder("twoData"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("svc.twoData")
                .hasMessageContaining("'a' and 'b'")
                .hasMessageContaining("at most one data parameter");
    }

    @Test
    void twoEventParametersAreRejected() {
        assertThatThrownBy(() -> binder("twoEvents"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("svc.twoEvents takes two SseEvent parameters ('a' and 'b')");
    }
}
