package farine.rpc.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.Config;
import farine.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RpcSettingsTest {

    @Test
    void maxReplySizeIs16MiBUnlessTheSectionSaysOtherwise() {
        assertThat(RpcSettings.maxReplySize(Config.of(Map.of("svc", Map.of())).section("svc"))).isEqualTo(16L * 1024 * 1024);
        assertThat(RpcSettings.maxReplySize(Config.of(Map.of("svc", Map.of("max_reply_size", "1048576"))).section("svc")))
                .isEqualTo(1_048_576);
    }

    @Test
    void aMaxReplySizeNoErrorReplyFitsInIsRefusedNamingSectionKeyAndValue() {
        assertThatThrownBy(() -> RpcSettings.maxReplySize(Config.of(Map.of("svc", Map.of("max_reply_size", "100"))).section("svc")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("[svc] max_reply_size = 100: must be at least 4096 (bytes; an error reply must fit)");
    }
}
