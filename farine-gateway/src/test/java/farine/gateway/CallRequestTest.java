package farine.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CallRequestTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static CallRequest parse(String body) {
        return CallRequest.parse(body.getBytes(StandardCharsets.UTF_8), JSON);
    }

    private static String text(byte[] json) {
        return json == null ? null : new String(json, StandardCharsets.UTF_8);
    }

    @Test
    void aBareArrayIsPositionalArgumentsWithNullsKept() {
        CallRequest request = parse("[1, null, \"x\"]");
        assertThat(text(request.args())).isEqualTo("[1, null, \"x\"]");
        assertThat(JSON.writeValueAsString(request.argList(JSON))).isEqualTo("[1,null,\"x\"]");
        assertThat(request.kwargs()).isNull();
        assertThat(request.kwargMap(JSON)).isEmpty();
    }

    @Test
    void anObjectCarriesArgsAndKwargsAndAnEmptyBodyIsNoArguments() {
        CallRequest request = parse("{\"kwargs\": {\"b\": {\"c\": [true, \"}]\\\"\"]}} , \"args\":[1 ] }");
        // the arguments as the JSON bytes they were: the RPC client sends them as they are
        assertThat(text(request.args())).isEqualTo("[1 ]");
        assertThat(text(request.kwargs())).isEqualTo("{\"b\": {\"c\": [true, \"}]\\\"\"]}}");
        assertThat(JSON.writeValueAsString(request.kwargMap(JSON))).isEqualTo("{\"b\":{\"c\":[true,\"}]\\\"\"]}}");
        assertThat(text(parse(" \n").args())).isEqualTo("[]");
        assertThat(text(parse("{}").args())).isEqualTo("[]");
        assertThat(text(parse("\uFEFF [2]").args())).isEqualTo("[2]");
        assertThat(text(parse("\uFEFF ").args())).isEqualTo("[]");
    }

    @Test
    void whatIsForwardedIsCheckedToTheEnd() {
        assertThatThrownBy(() -> parse("[1] [2]")).hasMessageStartingWith("malformed JSON at line 1, column 6: Trailing token");
        assertThatThrownBy(() -> parse("{\"args\": [\"a\tb\"]}")).hasMessageStartingWith("malformed JSON at line 1");
        byte[] badUtf8 = {'[', '"', (byte) 0xC3, '(', '"', ']'};
        assertThatThrownBy(() -> CallRequest.parse(badUtf8, JSON)).hasMessageStartingWith("malformed JSON");
        // a shape error before a syntax error: the syntax error is said, as a whole-tree reader says it
        assertThatThrownBy(() -> parse("{\"arg\": [], \"args\": [1,,]}")).hasMessageStartingWith("malformed JSON at line 1");
    }

    @Test
    void aBodyInUtf16Or32IsReadAsJacksonDetectsItAndForwardedAsUtf8() {
        // JSON may come as UTF-16 or UTF-32 (RFC 4627; Jackson detects it): the gateway read such bodies before it
        // forwarded bytes, and the RPC request it sends is UTF-8 whatever the body was
        for (java.nio.charset.Charset charset : java.util.List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE,
                java.nio.charset.Charset.forName("UTF-32BE"))) {
            CallRequest array = CallRequest.parse("[\"Ad\u00e9\", 2]".getBytes(charset), JSON);
            CallRequest object = CallRequest.parse("{\"args\": [\"Ad\u00e9\"], \"kwargs\": {\"n\": 1}}".getBytes(charset), JSON);

            assertThat(text(array.args())).as(charset.name()).isEqualTo("[\"Ad\u00e9\",2]");
            assertThat(text(object.args())).as(charset.name()).isEqualTo("[\"Ad\u00e9\"]");
            assertThat(text(object.kwargs())).as(charset.name()).isEqualTo("{\"n\":1}");
        }
        assertThatThrownBy(() -> CallRequest.parse("[1,,]".getBytes(StandardCharsets.UTF_16), JSON))
                .isInstanceOf(HttpError.class).hasMessageStartingWith("malformed JSON at line 1, column 4");
        assertThatThrownBy(() -> CallRequest.parse("{\"arg\": []}".getBytes(StandardCharsets.UTF_16), JSON))
                .isInstanceOf(HttpError.class).hasMessageContaining("unknown key 'arg'");
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        assertThatThrownBy(() -> parse("{\"args\": [1,,]}")).isInstanceOf(HttpError.class)
                .hasMessageStartingWith("malformed JSON at line 1, column 13");
    }

    @Test
    void otherShapesAreRefusedSayingWhatIsRead() {
        assertThatThrownBy(() -> parse("\"Ada\"")).hasMessageContaining("not a JSON string");
        assertThatThrownBy(() -> parse("{\"arg\": []}")).hasMessageContaining("unknown key 'arg'");
        assertThatThrownBy(() -> parse("{\"args\": {}}")).hasMessageContaining("\"args\" must be an array, not a JSON object");
        assertThatThrownBy(() -> parse("{\"kwargs\": []}")).hasMessageContaining("\"kwargs\" must be an object, not a JSON array");
        assertThat(((HttpError) org.assertj.core.api.Assertions.catchThrowable(() -> parse("null"))).status()).isEqualTo(400);
    }
}
