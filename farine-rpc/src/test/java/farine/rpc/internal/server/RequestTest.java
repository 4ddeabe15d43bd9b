package farine.rpc.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.rpc.internal.wire.RpcJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class RequestTest {

    private static Request decode(String body) {
        return Request.decode(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsArgsAndKwargs() {
        Request request = decode("{\"args\": [1, \"two\"], \"kwargs\": {\"x\": null}}");
        assertThat(request.args().size()).isEqualTo(2);
        assertThat(request.kwargs().has("x")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[]", "[\"\"]", "[\"t\\u00e9\\n\\\"x\\\"\", \"\ud83d\ude00\"]", "[0, -1, 2147483647, -2147483648, 2147483648, -2147483649]",
        "[9223372036854775807, 9223372036854775808, -9223372036854775809, 123456789012345678901234567890]",
        "[1.5, -0.0, 1e300, 1E-7, 0.1, 3.141592653589793238462643383279]", "[true, false, null]",
        "[[], {}, [1, [2, {\"a\": [null]}]], {\"k\": {\"v\": 1.25}, \"e\": []}]"})
    void argsAndKwargsAreTheTreesReadTreeBuilds(String array) {
        String body = "{\"args\": " + array + ", \"kwargs\": {\"same\": " + array + ", \"n\": 7, \"s\": \"x\", \"n\": 8, \"z\": null}}";
        Request request = decode(body);
        JsonNode tree = RpcJson.MAPPER.readTree(body);
        assertThat(request.args()).isEqualTo(tree.get("args"));
        assertThat(request.kwargs()).isEqualTo(tree.get("kwargs"));
        assertThat(request.positional()).isEqualTo(tree.get("args").size());
        // the same node classes too (an int stays an IntNode, a long a LongNode, a float a DoubleNode)
        for (int i = 0; i < tree.get("args").size(); i++) {
            assertThat(request.args().get(i).getClass()).isEqualTo(tree.get("args").get(i).getClass());
        }
        assertThat(request.kwargs().toString()).isEqualTo(tree.get("kwargs").toString());
    }

    @Test
    void badShapesAreValueErrorsSayingWhatIsWrong() {
        assertThatThrownBy(() -> decode("nope")).isInstanceOf(BadRequestException.class).hasMessageStartingWith("request body is not JSON");
        assertThatThrownBy(() -> decode("")).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> decode("[1]")).hasMessage("request body is not a JSON object with \"args\" and \"kwargs\"");
        assertThatThrownBy(() -> decode("{\"kwargs\": {}}")).hasMessage("request has no \"args\" array");
        assertThatThrownBy(() -> decode("{\"args\": []}")).hasMessage("request has no \"kwargs\" object");
        assertThatThrownBy(() -> decode("{\"args\": [], \"kwargs\": []}")).hasMessage("request has no \"kwargs\" object");
        assertThatThrownBy(() -> decode("{\"args\": [], \"kwargs\": {}}x")).isInstanceOf(BadRequestException.class);
    }

    @Test
    void argsPastTheKeptOnesAreCountedButNotBuilt() {
        Request request = Request.decode("{\"args\": [1, [2, [3]], {\"four\": 4}, \"five\"], \"kwargs\": {\"x\": 1}}"
                .getBytes(StandardCharsets.UTF_8), 2);
        assertThat(request.positional()).isEqualTo(4);
        assertThat(request.args().size()).isEqualTo(2);
        assertThat(request.args().get(1).toString()).isEqualTo("[2,[3]]");
        assertThat(request.kwargs().get("x").asInt()).isEqualTo(1);
    }

    @Test
    void aSkippedArgumentMustStillBeValidJson() {
        assertThatThrownBy(() -> Request.decode("{\"args\": [1, [2, }], \"kwargs\": {}}".getBytes(StandardCharsets.UTF_8), 1))
                .isInstanceOf(BadRequestException.class).hasMessageStartingWith("request body is not JSON");
    }

    @Test
    void otherKeysAreIgnoredAndTheLastDuplicateWins() {
        Request request = decode("{\"trace\": {\"a\": [1]}, \"args\": [9], \"kwargs\": {}, \"args\": [1, 2]}");
        assertThat(request.args().toString()).isEqualTo("[1,2]");
        assertThatThrownBy(() -> decode("{\"args\": [], \"kwargs\": {}, \"args\": 3}")).hasMessage("request has no \"args\" array");
    }
}
