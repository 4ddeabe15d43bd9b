package farine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.Config;
import farine.Container;
import farine.FarineException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A broker that answers but refuses (unknown vhost, wrong password) is a configuration error: the
 * container fails to start at once with the broker's reason, even when it would wait forever for a
 * broker that is down ({@code connect_timeout = 0}).
 */
class MisconfiguredIT {

    @Test
    void anUnknownVhostFailsTheStartAtOnceInsteadOfRetryingForever() {
        String uri = "amqp://guest:guest@127.0.0.1:" + PrivateRabbit.get().port() + "/no-such-vhost";
        assertRefused(uri, "vhost no-such-vhost not found");
    }

    @Test
    void aWrongPasswordFailsTheStartAtOnce() {
        String uri = "amqp://guest:wrong@127.0.0.1:" + PrivateRabbit.get().port() + "/%2F";
        assertRefused(uri, "refused the user name or password");
    }

    private static void assertRefused(String uri, String reason) {
        Container container = Container.create(Config.of(Map.of("DEFAULT", Map.of("amqp_uri", uri, "connect_timeout", "0"))),
                List.of(Traffic.class));
        long began = System.nanoTime();
        assertThatThrownBy(container::start).isInstanceOf(FarineException.class)
                .hasMessageContaining(reason).hasMessageContaining("not retrying");
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(30));
    }
}
