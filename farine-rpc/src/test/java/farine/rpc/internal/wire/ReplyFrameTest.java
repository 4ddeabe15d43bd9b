package farine.rpc.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

class ReplyFrameTest {

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static ReplyFrame decode(String json) {
        return ReplyFrame.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void itemsAndTheEndAreWrittenAsTheOriginalWritesThem() {
        assertThat(text(ReplyFrame.item("hi"))).isEqualTo("{\"body\":\"hi\",\"__end__\":false}");
        assertThat(text(ReplyFrame.end())).isEqualTo("{\"__end__\":true}");
    }

    @Test
    void falsyItemsAreRealItems() {
        for (Object value : Arrays.asList(0, false, "", List.of(), Map.of(), null)) {
            ReplyFrame frame = ReplyFrame.decode(ReplyFrame.item(value));
            assertThat(frame.kind()).as("item %s", value).isEqualTo(ReplyFrame.Kind.ITEM);
            assertThat(RpcJson.MAPPER.treeToValue(frame.body(), Object.class)).isEqualTo(value);
        }
    }

    @Test
    void aFailureCarriesTheTextAndTheStructuredField() {
        byte[] bytes = ReplyFrame.failure("java.lang.IllegalStateException", "nope", "java.lang.IllegalStateException: nope\n\tat x", "svc", "m");
        assertThat(text(bytes)).isEqualTo("{\"__except__\":\"java.lang.IllegalStateException: nope\\n\\tat x\","
                + "\"__error__\":{\"type\":\"java.lang.IllegalStateException\",\"message\":\"nope\",\"service\":\"svc\",\"method\":\"m\"}}");
        ReplyFrame frame = ReplyFrame.decode(bytes);
        assertThat(frame.kind()).isEqualTo(ReplyFrame.Kind.ERROR);
        assertThat(frame.except()).startsWith("java.lang.IllegalStateException: nope");
        assertThat(frame.error().get("method").asString()).isEqualTo("m");
    }

    @Test
    void aNullMessageBecomesEmpty() {
        assertThat(text(ReplyFrame.failure("T", null, "T", "s", "m"))).contains("\"message\":\"\"");
    }

    @Test
    void framesOfTheOriginalAreRead() {
        assertThat(decode("{\"body\": [1, 2], \"__end__\": false}").kind()).isEqualTo(ReplyFrame.Kind.ITEM);
        assertThat(decode("{\"__end__\": true}").kind()).isEqualTo(ReplyFrame.Kind.END);
        ReplyFrame error = decode("{\"__except__\": \"ValueError: bad\"}");
        assertThat(error.kind()).isEqualTo(ReplyFrame.Kind.ERROR);
        assertThat(error.except()).isEqualTo("ValueError: bad");
        assertThat(error.error()).isNull();
        assertThat(decode("{\"body\": null, \"__end__\": false}").body().isNull()).isTrue();
    }

    @Test
    void somethingElseIsRejectedSayingWhy() {
        assertThatThrownBy(() -> decode("nope")).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("reply is not JSON");
        assertThatThrownBy(() -> decode("[1]")).hasMessage("reply is not a JSON object");
        assertThatThrownBy(() -> decode("{\"__end__\": false}")).hasMessage("reply has neither body, __end__ nor __except__");
        assertThatThrownBy(() -> decode("{}")).isInstanceOf(IllegalArgumentException.class);
    }

    /** What decode did before it read tokens: the whole tree, then the keys. The token reader must agree on every frame. */
    private static Object byTree(String json) {
        try {
            JsonNode node = RpcJson.MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                return "not an object";
            }
            JsonNode except = node.get(ReplyFrame.EXCEPT);
            if (except != null && !except.isNull()) {
                return new ReplyFrame(ReplyFrame.Kind.ERROR, null, except.isString() ? except.asString() : except.toString(),
                        node.get(ReplyFrame.ERROR_FIELD));
            }
            if (node.has(ReplyFrame.BODY)) {
                return new ReplyFrame(ReplyFrame.Kind.ITEM, node.get(ReplyFrame.BODY), null, null);
            }
            JsonNode end = node.get(ReplyFrame.END);
            return end != null && end.asBoolean(false) ? new ReplyFrame(ReplyFrame.Kind.END, null, null, null) : "no shape";
        } catch (JacksonException e) {
            return "not JSON";
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"body\": 7, \"__end__\": false}", "{\"body\": 2147483648}", "{\"body\": 1.25}", "{\"body\": \"x\\u00e9\"}",
        "{\"body\": {\"a\": [1, {\"b\": null}]}, \"__end__\": false}", "{\"body\": [], \"x\": {\"y\": [1]}}",
        "{\"__end__\": false, \"body\": true}", "{\"body\": 1, \"body\": 2}", "{\"__end__\": true}", "{\"__end__\": \"true\"}",
        "{\"__end__\": 1}", "{\"__end__\": null}", "{\"__except__\": null, \"body\": 3}", "{\"body\": 3, \"__except__\": \"E: m\"}",
        "{\"__except__\": {\"t\": 1}}", "{\"__except__\": \"E\", \"__error__\": {\"type\": \"E\"}}",
        "{\"__error__\": {\"type\": \"E\"}, \"__end__\": true}", "{}", "[1]", "null", "7", "\"s\"", "nope", "{\"body\": 1",
        "{\"body\": 1} x", " { \"body\" : [ 1 , 2 ] } "})
    void theTokenReaderAgreesWithTheTree(String json) {
        Object expected = byTree(json);
        Object actual;
        try {
            actual = decode(json);
        } catch (IllegalArgumentException e) {
            actual = e.getMessage().startsWith("reply is not JSON") ? "not JSON"
                    : e.getMessage().equals("reply is not a JSON object") ? "not an object" : "no shape";
        }
        assertThat(actual).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"body\": 7, \"__end__\": false}", "{\"body\":-2147483648}", "{\"body\": 1.25e3 ,\"__end__\":false}", "{\"body\": \"x\\u00e9,\\\"}\"}",
        "{\"body\": {\"a\": [1, {\"b\": null}]}, \"__end__\": false}", "{\"body\": [], \"x\": {\"y\": [1]}}",
        "{\"__end__\": false, \"body\": true}", "{\"body\": 1, \"body\": 2}", "{\"body\":null}", "{\"__end__\": true}",
        "{\"body\": 3, \"__except__\": \"E: m\"}", "{}", "[1]", "nope", "{\"body\": 1", "{\"body\": 1} x", " { \"body\" : [ 1 , 2 ]\n } ",
        // exactly what a farine server writes for a plain string (ReplyFrame.item): a shortcut for it must keep it raw too
        "{\"body\":\"hi\",\"__end__\":false}", "{\"body\":\"\",\"__end__\":false}"})
    void aRawItemIsTheValueAsItWasSent(String json) {
        Object tree = byTree(json);
        ReplyFrame raw;
        try {
            raw = ReplyFrame.decode(json.getBytes(StandardCharsets.UTF_8), true);
        } catch (IllegalArgumentException e) {
            assertThat(tree).isInstanceOf(String.class); // refused by both
            return;
        }
        ReplyFrame expected = (ReplyFrame) tree;
        assertThat(raw.kind()).isEqualTo(expected.kind());
        if (raw.kind() == ReplyFrame.Kind.ITEM) {
            assertThat(raw.body()).isNull();
            String bytes = text(raw.rawBody());
            assertThat(RpcJson.MAPPER.readTree(bytes)).isEqualTo(expected.body());
            assertThat(bytes).as("no separator around the value").doesNotStartWith(" ").doesNotEndWith(" ").doesNotEndWith(",")
                    .doesNotEndWith("\n");
        }
    }

    @Test
    void aRequestAroundJsonArgumentsIsTheFrameOfTheProtocol() {
        assertThat(text(RpcJson.request("[1, \"a\"]".getBytes(StandardCharsets.UTF_8), null)))
                .isEqualTo("{\"args\":[1, \"a\"],\"kwargs\":{}}");
        assertThat(text(RpcJson.request("[]".getBytes(StandardCharsets.UTF_8), "{\"b\": 2}".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("{\"args\":[],\"kwargs\":{\"b\": 2}}");
    }

    @Test
    void theTraceEndsWithTypeAndMessageAsAPythonTracebackDoes() {
        String trace = ReplyFrame.traceOf(new IllegalStateException("boom", new IllegalArgumentException("cause")));
        List<String> lines = trace.lines().toList();
        assertThat(lines.getFirst()).startsWith("Traceback (");
        assertThat(lines.getLast()).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(trace).contains("\tat farine.rpc.internal.wire.ReplyFrameTest", "Caused by: java.lang.IllegalArgumentException: cause")
                .endsWith("\n");
        assertThat(lines.subList(1, lines.size() - 1)).as("every frame between, indented or a cause")
                .allSatisfy(l -> assertThat(l.startsWith("\t") || l.startsWith("Caused by: ")).isTrue());
    }
}
