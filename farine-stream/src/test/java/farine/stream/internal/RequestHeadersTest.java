package farine.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.ConfigException;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

class RequestHeadersTest {

    private static final String WHERE = "[ticker] headers";
    private final ObjectMapper json = StreamPlugin.mapper();

    private RequestHeaders parse(String text) {
        return RequestHeaders.parse(text, WHERE, json);
    }

    private HttpRequest request(RequestHeaders headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost/")).header("Accept", "text/event-stream");
        headers.addTo(builder);
        return builder.build();
    }

    @Test
    void entriesSeparatedByBarsOrNewlines() {
        RequestHeaders headers = parse("Authorization: Bearer abc:def | X-Client: farine\nX-Empty:");

        assertThat(headers.entries()).containsExactly(
                new RequestHeaders.Header("Authorization", "Bearer abc:def"),
                new RequestHeaders.Header("X-Client", "farine"),
                new RequestHeaders.Header("X-Empty", ""));
        assertThat(headers.names()).containsExactly("Authorization", "X-Client", "X-Empty");
    }

    @Test
    void jsonObjectForValuesThatHoldABar() {
        RequestHeaders headers = parse("{\"Cookie\": \"a=1|2\", \"X-Client\": \"farine\"}");

        assertThat(request(headers).headers().firstValue("Cookie")).hasValue("a=1|2");
        assertThat(request(headers).headers().firstValue("X-Client")).hasValue("farine");
    }

    @Test
    void blankIsNoHeaders() {
        assertThat(parse("   ").entries()).isEmpty();
        assertThat(RequestHeaders.none().entries()).isEmpty();
    }

    @Test
    void headersAreAddedAndAcceptIsReplacedNotDoubled() {
        HttpRequest request = request(parse("Accept: application/x-ndjson | X-Trace: 1 | X-Trace: 2"));

        assertThat(request.headers().allValues("Accept")).containsExactly("application/x-ndjson");
        assertThat(request.headers().allValues("X-Trace")).containsExactly("1", "2");
    }

    @Test
    void entryWithoutColonIsRejectedWithoutShowingTheValue() {
        assertThatThrownBy(() -> parse("Authorization: Bearer abc | Bearer s3cr3t"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(WHERE)
                .hasMessageContaining("entry starting with 'Bearer' has no ':'")
                .message().doesNotContain("s3cr3t");
    }

    @Test
    void invalidHeaderNameIsRejected() {
        assertThatThrownBy(() -> parse("Bad Name: s3cr3t"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'Bad Name' is not a valid HTTP header name")
                .message().doesNotContain("s3cr3t");
    }

    @Test
    void headerTheClientRestrictsIsRejectedAtStartup() {
        assertThatThrownBy(() -> parse("Host: evil.example | Authorization: Bearer s3cr3t"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("header 'Host' cannot be set")
                .message().doesNotContain("s3cr3t");
    }

    @Test
    void malformedJsonAndNonStringValuesAreRejected() {
        assertThatThrownBy(() -> parse("{\"Authorization\": "))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("starts with '{' but is not a JSON object");
        assertThatThrownBy(() -> parse("{\"X-Count\": 3}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("the value of header 'X-Count' must be a JSON string");
    }
}
