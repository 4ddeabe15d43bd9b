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

    @Test
    void aBareArrayIsPositionalArgumentsWithNullsKept() {
        CallRequest request = parse("[1, null, \"x\"]");
        assertThat(JSON.writeValueAsString(request.args())).isEqualTo("[1,null,\"x\"]");
        assertThat(request.kwargs()).isEmpty();
    }

    @Test
    void anObjectCarriesArgsAndKwargsAndAnEmptyBodyIsNoArguments() {
        CallRequest request = parse("{\"args\": [1], \"kwargs\": {\"b\": {\"c\": [true]}}}");
        // the arguments as the JSON they were: the RPC client writes them as they are
        assertThat(JSON.writeValueAsString(request.args())).isEqualTo("[1]");
        assertThat(JSON.writeValueAsString(request.kwargs())).isEqualTo("{\"b\":{\"c\":[true]}}");
        assertThat(parse(" \n").args()).isEmpty();
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
