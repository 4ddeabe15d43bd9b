package farine.rpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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
