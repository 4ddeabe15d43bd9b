package farine.rpc.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CorrelationIdsTest {

    @Test
    void idsAre32LowercaseHexCharactersLikeADashlessUuid() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(CorrelationIds.next()).matches("[0-9a-f]{32}");
        }
    }

    @Test
    void idsDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(CorrelationIds.next())).isTrue();
        }
    }
}
