package farine.rpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link RpcEntrypoint#expired}: a request whose deadline passed before a worker took it is dropped. */
class RequestExpiryTest {

    private static AMQP.BasicProperties.Builder properties() {
        return new AMQP.BasicProperties.Builder().correlationId("c").replyTo("q");
    }

    @Test
    void theFarineDeadlineHeaderDecides() {
        long now = System.currentTimeMillis();
        assertThat(RpcEntrypoint.expired(properties().headers(Map.of(RpcEntrypoint.DEADLINE_HEADER, now - 1)).build())).isTrue();
        assertThat(RpcEntrypoint.expired(properties().headers(Map.of(RpcEntrypoint.DEADLINE_HEADER, now + 60_000)).build())).isFalse();
    }

    @Test
    void elseTimestampPlusExpiration() {
        Date old = new Date(System.currentTimeMillis() - 10_000);
        assertThat(RpcEntrypoint.expired(properties().timestamp(old).expiration("5000").build())).isTrue();
        assertThat(RpcEntrypoint.expired(properties().timestamp(old).expiration("60000").build())).isFalse();
        assertThat(RpcEntrypoint.expired(properties().timestamp(old).expiration("soon").build())).isFalse();
    }

    @Test
    void aRequestOfTheOriginalNeverExpires() {
        assertThat(RpcEntrypoint.deadline(properties().build())).isEqualTo(Long.MAX_VALUE);
        assertThat(RpcEntrypoint.expired(properties().build())).isFalse();
        assertThat(RpcEntrypoint.expired(properties().headers(Map.of()).expiration("1").build())).isFalse();
    }

    @Test
    void aForgedDeadlineNeitherOverflowsTheWarningNorTheSum() {
        assertThat(RpcEntrypoint.lateness(1_000, 400)).isEqualTo("600 ms past the caller's deadline");
        assertThat(RpcEntrypoint.lateness(System.currentTimeMillis(), Long.MIN_VALUE + 5))
                .isEqualTo("its deadline (" + (Long.MIN_VALUE + 5) + ") being no time at all (a caller's bad header)");
        assertThat(RpcEntrypoint.deadline(properties().timestamp(new java.util.Date(Long.MAX_VALUE - 10)).expiration("100").build()))
                .isEqualTo(Long.MAX_VALUE);
    }
}
