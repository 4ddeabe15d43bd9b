package farine.rpc.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.AMQImpl;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FatalRepliesTest {

    private static ShutdownSignalException channelClosed() {
        return new ShutdownSignalException(false, false, new AMQImpl.Channel.Close(406,
                "PRECONDITION_FAILED - message size 2097179 is larger than configured max size 1048576", 60, 40), null);
    }

    private static ShutdownSignalException connectionClosed(int code, String text) {
        return new ShutdownSignalException(true, false, new AMQImpl.Connection.Close(code, text, 0, 0), null);
    }

    @Test
    void onlyWhatTheBrokerEndsForAnErrorCounts() {
        assertThat(FatalReplies.countable(channelClosed())).isTrue();
        assertThat(FatalReplies.countable(connectionClosed(AMQP.INTERNAL_ERROR, "INTERNAL_ERROR"))).isTrue();
        // a restart or rabbitmqctl close_all_connections
        assertThat(FatalReplies.countable(connectionClosed(AMQP.CONNECTION_FORCED, "CONNECTION_FORCED - broker forced connection closure"))).isFalse();
        // our own close, and a socket that died (no method from the broker)
        assertThat(FatalReplies.countable(new ShutdownSignalException(false, true, new AMQImpl.Channel.Close(200, "OK", 0, 0), null))).isFalse();
        assertThat(FatalReplies.countable(new ShutdownSignalException(true, false, null, null))).isFalse();
    }

    @Test
    void aRequestIsCountedOncePerDeathItsReplyPreceded() {
        FatalReplies fatal = new FatalReplies();
        String key = FatalReplies.key("amq.rabbitmq.reply-to.forged", "c1");
        fatal.died(List.of(key, FatalReplies.key("q", "c2")), connectionClosed(AMQP.INTERNAL_ERROR, "INTERNAL_ERROR"));
        fatal.died(List.of(key), connectionClosed(AMQP.CONNECTION_FORCED, "CONNECTION_FORCED"));
        assertThat(fatal.deaths("amq.rabbitmq.reply-to.forged", "c1")).isEqualTo(1);
        fatal.died(List.of(key), channelClosed());
        assertThat(fatal.deaths("amq.rabbitmq.reply-to.forged", "c1")).isEqualTo(FatalReplies.LIMIT);
        assertThat(fatal.deaths("q", "c2")).isEqualTo(1);
        assertThat(fatal.deaths("q", "c3")).isZero();
        assertThat(fatal.lastReason()).isEqualTo("channel closed: 406 PRECONDITION_FAILED - message size 2097179 is larger than configured max size 1048576");
    }

    @Test
    void atMostRememberedKeysAreKeptTheOldestForgottenFirst() {
        FatalReplies fatal = new FatalReplies();
        List<String> keys = IntStream.range(0, FatalReplies.REMEMBERED + 10).mapToObj(i -> FatalReplies.key("q", "c" + i)).toList();
        fatal.died(keys, channelClosed());
        assertThat(fatal.deaths("q", "c0")).isZero();
        assertThat(fatal.deaths("q", "c9")).isZero();
        assertThat(fatal.deaths("q", "c10")).isEqualTo(1);
        assertThat(fatal.deaths("q", "c" + (FatalReplies.REMEMBERED + 9))).isEqualTo(1);
    }
}
