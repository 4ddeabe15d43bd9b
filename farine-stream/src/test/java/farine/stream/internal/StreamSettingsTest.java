package farine.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.Config;
import farine.ConfigException;
import farine.ConfigSection;
import farine.stream.HttpStream;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamSettingsTest {

    @SuppressWarnings("unused")
    static final class Annotated {
        @HttpStream(endpoint = "https://annotation.example/ticks", event = {"tick", "tock", "tick"})
        public void annotated(String data) {
        }

        @HttpStream
        public void bare(String data) {
        }
    }

    private static HttpStream annotation(String method) throws NoSuchMethodException {
        return Annotated.class.getMethod(method, String.class).getAnnotation(HttpStream.class);
    }

    private static ConfigSection section(String... keyValues) {
        Map<String, String> section = new HashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            section.put(keyValues[i], keyValues[i + 1]);
        }
        return Config.of(Map.of("ticker", section)).section("ticker").scoped("annotated");
    }

    private static StreamSettings read(String method, String... keyValues) throws NoSuchMethodException {
        return StreamSettings.read(section(keyValues), annotation(method), "ticker." + method, StreamPlugin.mapper());
    }

    @Test
    void defaultsFollowTheSpecificationAndTheOriginal() throws Exception {
        StreamSettings settings = read("annotated");

        assertThat(settings.endpoint()).isEqualTo(URI.create("https://annotation.example/ticks"));
        assertThat(settings.headers().entries()).isEmpty();
        assertThat(settings.events()).containsExactlyInAnyOrder("tick", "tock");
        assertThat(settings.reconnectDelay()).isEqualTo(Duration.ofMillis(3000));
        assertThat(settings.reconnectMaxDelay()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.retries()).isEqualTo(3);
        assertThat(settings.retryDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.limit()).isZero();
        assertThat(settings.stopOnClientError()).isFalse();
        assertThat(settings.maxEventSize()).isEqualTo(16L * 1024 * 1024);
    }

    @Test
    void iniEndpointWinsOverTheAnnotation() throws Exception {
        assertThat(read("annotated", "endpoint", "http://deployment.example:8080/feed").endpoint())
                .isEqualTo(URI.create("http://deployment.example:8080/feed"));
        assertThat(read("bare", "endpoint", " http://only-ini.example/feed ").endpoint())
                .isEqualTo(URI.create("http://only-ini.example/feed"));
    }

    @Test
    void methodScopedKeysWinOverServiceKeys() throws Exception {
        StreamSettings settings = read("annotated", "endpoint", "http://service.example/", "annotated.endpoint",
                "http://method.example/", "read_timeout", "7", "annotated.limit", "5");

        assertThat(settings.endpoint()).isEqualTo(URI.create("http://method.example/"));
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(settings.limit()).isEqualTo(5);
    }

    @Test
    void iniEventWinsOverTheAnnotationAndStarSelectsAll() throws Exception {
        assertThat(read("annotated", "event", "quote, trade  halt").events()).containsExactlyInAnyOrder("quote", "trade", "halt");
        assertThat(read("annotated", "event", "*").events()).isEmpty();
        assertThat(read("annotated", "event", "").events()).isEmpty();
        assertThat(read("bare", "endpoint", "http://x.example/").events()).isEmpty();
    }

    @Test
    void plainNumbersAreReadInEachKeysUnit() throws Exception {
        StreamSettings settings = read("annotated", "reconnect_delay", "250", "reconnect_max_delay", "30",
                "connect_timeout", "2", "read_timeout", "0", "retry_delay", "20", "retries", "0", "limit", "100",
                "max_event_size", "2MiB", "stop_on_client_error", "yes", "headers", "Authorization: Bearer x");

        assertThat(settings.reconnectDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.reconnectMaxDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.readTimeout()).isZero();
        assertThat(settings.retryDelay()).isEqualTo(Duration.ofMillis(20));
        assertThat(settings.retries()).isZero();
        assertThat(settings.limit()).isEqualTo(100);
        assertThat(settings.maxEventSize()).isEqualTo(2L * 1024 * 1024);
        assertThat(settings.stopOnClientError()).isTrue();
        assertThat(settings.headers().names()).containsExactly("Authorization");
    }

    @Test
    void sizesAcceptUnits() throws Exception {
        assertThat(read("annotated", "max_event_size", "1048576").maxEventSize()).isEqualTo(1048576);
        assertThat(read("annotated", "max_event_size", "512 KiB").maxEventSize()).isEqualTo(512 * 1024);
        assertThat(read("annotated", "max_event_size", "1k").maxEventSize()).isEqualTo(1024);
        assertThatThrownBy(() -> read("annotated", "max_event_size", "lots"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("[ticker] max_event_size = \"lots\": expected a size such as 1048576, 512KiB or 16MiB");
        assertThatThrownBy(() -> read("annotated", "max_event_size", "0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be between 1 byte and");
    }

    @Test
    void missingEndpointSaysWhereToSetIt() {
        assertThatThrownBy(() -> read("bare"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("@HttpStream ticker.bare has no endpoint: set endpoint in [ticker] or "
                        + "@HttpStream(endpoint = \"https://...\")");
    }

    @Test
    void endpointThatIsNotHttpIsRejectedWithItsPasswordMasked() {
        assertThatThrownBy(() -> read("annotated", "endpoint", "ftp://user:s3cr3t@files.example/ticks"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[ticker] endpoint = \"ftp://user:****@files.example/ticks\" (for ticker.annotated)")
                .hasMessageContaining("is not an http:// or https:// URL")
                .message().doesNotContain("s3cr3t");
        assertThatThrownBy(() -> read("annotated", "endpoint", "no scheme at all"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not an http:// or https:// URL");
    }

    @Test
    void badNumbersAreRejectedNamingKeyAndValue() {
        assertThatThrownBy(() -> read("annotated", "retries", "-1"))
                .isInstanceOf(ConfigException.class).hasMessage("[ticker] retries = -1: must be 0 or more");
        assertThatThrownBy(() -> read("annotated", "limit", "-5"))
                .isInstanceOf(ConfigException.class).hasMessage("[ticker] limit = -5: must be 0 (no limit) or more");
        assertThatThrownBy(() -> read("annotated", "reconnect_max_delay", "0"))
                .isInstanceOf(ConfigException.class).hasMessage("[ticker] reconnect_max_delay = 0: must be more than 0");
        assertThatThrownBy(() -> read("annotated", "read_timeout", "-1s"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("read_timeout");
        assertThatThrownBy(() -> read("annotated", "retries", "many"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("retries").hasMessageContaining("many");
    }

    @Test
    void endpointIsLoggedWithoutPasswordOrTokens() throws Exception {
        StreamSettings settings = read("annotated", "endpoint",
                "https://bot:hunter2@feed.example/ticks?symbol=ACME&access_token=s3cr3t&apiKey=k3y#x");

        assertThat(settings.describeEndpoint())
                .isEqualTo("https://bot:****@feed.example/ticks?symbol=ACME&access_token=****&apiKey=****#x")
                .doesNotContain("hunter2", "s3cr3t", "k3y");
    }
}
