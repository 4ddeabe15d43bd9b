package farine.rpc.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import farine.rpc.internal.wire.RequestHeaders;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link RpcRequest#expired}: a request whose deadline passed before a worker took it is dropped. */
class RequestExpiryTest {

    private static AMQP.BasicProperties.Builder properties() {
        return new AMQP.BasicProperties.Builder().correlationId("c").replyTo("q");
    }

    @Test
    void theFarineDeadlineHeaderDecides() {
        long now = System.currentTimeMillis();
        assertThat(RpcRequest.expired(properties().headers(Map.of(RequestHeaders.DEADLINE_HEADER, now - 1)).build())).isTrue();
        assertThat(RpcRequest.expired(properties().headers(Map.of(RequestHeaders.DEADLINE_HEADER, now + 60_000)).build())).isFalse();
    }

    @Test
    void elseTimestampPlusExpiration() {
        Date old = new Date(System.currentTimeMillis() - 10_000);
        assertThat(RpcRequest.expired(properties().timestamp(old).expiration("5000").build())).isTrue();
        assertThat(RpcRequest.expired(properties().timestamp(old).expiration("60000").build())).isFalse();
        assertThat(RpcRequest.expired(properties().timestamp(old).expiration("soon").build())).isFalse();
    }

    @Test
    void aRequestOfTheOriginalNeverExpires() {
        assertThat(RpcRequest.deadline(properties().build())).isEqualTo(Long.MAX_VALUE);
        assertThat(RpcRequest.expired(properties().build())).isFalse();
        assertThat(RpcRequest.expired(properties().headers(Map.of()).expiration("1").build())).isFalse();
    }

    @Test
    void aForgedDeadlineNeitherOverflowsTheWarningNorTheSum() {
        assertThat(RpcRequest.lateness(1_000, 400)).isEqualTo("600 ms past the caller's deadline");
        assertThat(RpcRequest.lateness(System.currentTimeMillis(), Long.MIN_VALUE + 5))
                .isEqualTo("its deadline (" + (Long.MIN_VALUE + 5) + ") being no time at all (a caller's bad header)");
        assertThat(RpcRequest.deadline(properties().timestamp(new java.util.Date(Long.MAX_VALUE - 10)).expiration("100").build()))
                .isEqualTo(Long.MAX_VALUE);
    }
}
