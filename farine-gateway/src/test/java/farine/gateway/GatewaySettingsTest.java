package farine.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.Config;
import farine.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewaySettingsTest {

    private static GatewaySettings read(Map<String, Map<String, String>> sections) {
        Map<String, Map<String, String>> all = new java.util.HashMap<>(sections);
        all.putIfAbsent("DEFAULT", Map.of("amqp_uri", "amqp://guest:guest@127.0.0.1:5672/"));
        return GatewaySettings.read(Config.of(all));
    }

    @Test
    void withoutTokensItListensOnLoopbackAndRefusesAnotherBind() {
        assertThat(read(Map.of()).bind()).isEqualTo("127.0.0.1");
        assertThat(read(Map.of()).port()).isEqualTo(8080);
        assertThatThrownBy(() -> read(Map.of("gateway", Map.of("bind", "0.0.0.0")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bind = 0.0.0.0 without any token");
    }

    @Test
    void tokensComeFromTheirSectionsAndMustBeLong() {
        GatewaySettings settings = read(Map.of("gateway.token.ci", Map.of("token", "0123456789abcdef", "routes", "a.* publish:orders")));
        assertThat(settings.bind()).isEqualTo("0.0.0.0");
        TokenRule ci = settings.tokens().getFirst();
        assertThat(ci.name()).isEqualTo("ci");
        assertThat(ci.toString()).doesNotContain("0123456789abcdef");
        assertThat(ci.allowsMethod("a", "b")).isTrue();
        assertThat(ci.allowsMethod("ab", "c")).isFalse();
        assertThat(ci.allowsPublish("orders")).isTrue();
        assertThat(ci.allowsPublish("orders2")).isFalse();
        assertThat(ci.privateMethods()).isFalse();
        assertThatThrownBy(() -> read(Map.of("gateway.token.ci", Map.of("token", "short")))).hasMessageContaining("shorter than 16");
        assertThatThrownBy(() -> read(Map.of("gateway", Map.of("max_body", "1")))).hasMessageContaining("max_body = 1 is too small");
        assertThatThrownBy(() -> read(Map.of("gateway", Map.of("port", "70000")))).hasMessageContaining("port = 70000");
    }

    @Test
    void maxRateAndReadTimeoutAreCheckedAndTheRateIsABucket() {
        assertThat(read(Map.of()).readTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(read(Map.of("gateway", Map.of("read_timeout", "30"))).readTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThatThrownBy(() -> read(Map.of("gateway", Map.of("read_timeout", "500ms")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("read_timeout = 500 ms");
        assertThat(read(Map.of()).keepAlive()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(read(Map.of("gateway", Map.of("keep_alive", "2m"))).keepAlive()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThatThrownBy(() -> read(Map.of("gateway", Map.of("keep_alive", "0")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("keep_alive = 0 ms: whole seconds, at least 1");
        assertThatThrownBy(() -> read(Map.of("gateway.token.ci", Map.of("token", "0123456789abcdef", "max_rate", "fast"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max_rate = fast");
        assertThatThrownBy(() -> read(Map.of("gateway.token.ci", Map.of("token", "0123456789abcdef", "max_rate", "-1"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max_rate = -1");
        TokenRule unlimited = read(Map.of("gateway.token.ci", Map.of("token", "0123456789abcdef"))).tokens().getFirst();
        for (int i = 0; i < 1000; i++) {
            assertThat(unlimited.takeRate()).isZero();
        }
        // 3 per second: a burst of 3, then a wait of at most a third of a second (less if the machine was slow)
        TokenRule three = read(Map.of("gateway.token.ci", Map.of("token", "0123456789abcdef", "max_rate", "3"))).tokens().getFirst();
        long waits = 0;
        for (int i = 0; i < 4; i++) {
            waits += three.takeRate() > 0 ? 1 : 0;
        }
        assertThat(waits).isLessThanOrEqualTo(1);
        // one every 2 s: the second at once waits up to 2 s
        TokenRule slow = read(Map.of("gateway.token.ci", Map.of("token", "0123456789abcdef", "max_rate", "0.5"))).tokens().getFirst();
        assertThat(slow.takeRate()).isZero();
        assertThat(slow.takeRate()).isBetween(1L, 2_000_000_000L);
    }
}
