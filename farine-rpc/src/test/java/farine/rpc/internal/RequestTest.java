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
}
