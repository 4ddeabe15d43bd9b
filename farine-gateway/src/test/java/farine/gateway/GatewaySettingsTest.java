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
}
