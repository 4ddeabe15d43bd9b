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

    private static FatalReplies.Sent sent(String replyTo, String id, int size) {
        return new FatalReplies.Sent(replyTo, id, size);
    }

    @Test
    void aRequestIsCountedOncePerDeathItsReplyPreceded() {
        FatalReplies fatal = new FatalReplies();
        FatalReplies.Sent forged = sent("amq.rabbitmq.reply-to.forged", "c1", 2_097_179);
        fatal.died(List.of(forged, sent("q", "c2", 10)), connectionClosed(AMQP.INTERNAL_ERROR, "INTERNAL_ERROR"));
        fatal.died(List.of(forged), connectionClosed(AMQP.CONNECTION_FORCED, "CONNECTION_FORCED"));
        assertThat(fatal.deaths("amq.rabbitmq.reply-to.forged", "c1")).isEqualTo(1);
        fatal.died(List.of(forged), channelClosed());
        assertThat(fatal.deaths("amq.rabbitmq.reply-to.forged", "c1")).isEqualTo(FatalReplies.LIMIT);
        assertThat(fatal.deaths("q", "c2")).as("an ordinary reply_to beside a 541").isZero();
        assertThat(fatal.deaths("q", "c3")).isZero();
        assertThat(fatal.lastReason()).isEqualTo("channel closed: 406 PRECONDITION_FAILED - message size 2097179 is larger than configured max size 1048576");
    }

    @Test
    void aConnectionClosedForAReplyCountsOnlyDirectReplyToNames() {
        List<FatalReplies.Sent> window = List.of(sent("farine.reply.a", "c1", 10), sent("amq.rabbitmq.reply-to.forged", "c2", 10),
                sent("farine.reply.b", "c3", 10), sent(null, "c4", 10));
        assertThat(FatalReplies.suspects(window, connectionClosed(AMQP.INTERNAL_ERROR, "INTERNAL_ERROR")))
                .extracting(FatalReplies.Sent::correlationId).containsExactly("c2");
        FatalReplies fatal = new FatalReplies();
        fatal.died(List.of(sent("farine.reply.a", "c1", 10)), connectionClosed(AMQP.INTERNAL_ERROR, "INTERNAL_ERROR"));
        assertThat(fatal.deaths("farine.reply.a", "c1")).isZero();
        assertThat(fatal.lastReason()).as("nothing counted, nothing said").isEmpty();
    }

    @Test
    void aChannelClosedForSizeCountsOnlyTheRepliesOverTheLimitItNames() {
        List<FatalReplies.Sent> window = List.of(sent("q", "before", 1_048_576), sent("q", "poison", 2_097_179),
                sent("q", "after", 10), sent("q", "after-large", 900_000));
        assertThat(FatalReplies.suspects(window, channelClosed())).extracting(FatalReplies.Sent::correlationId).containsExactly("poison");
        // two over the limit: both are poison
        assertThat(FatalReplies.suspects(List.of(sent("q", "a", 2_000_000), sent("q", "b", 10), sent("q", "c", 3_000_000)), channelClosed()))
                .extracting(FatalReplies.Sent::correlationId).containsExactly("a", "c");
        // none over the named limit (the broker measured something else): the largest
        assertThat(FatalReplies.suspects(List.of(sent("q", "a", 500), sent("q", "b", 900), sent("q", "c", 900)), channelClosed()))
                .extracting(FatalReplies.Sent::correlationId).containsExactly("b", "c");
        // a channel error no reply's size caused (farine's own unknown delivery tag, a permission): nobody is counted,
        // or the largest innocent would be dropped at its second such close
        for (String text : new String[] {"PRECONDITION_FAILED - unknown delivery tag 7", "ACCESS_REFUSED - write access to exchange 'amq.default' refused", "PRECONDITION_FAILED"}) {
            ShutdownSignalException other = new ShutdownSignalException(false, false, new AMQImpl.Channel.Close(406, text, 60, 40), null);
            assertThat(FatalReplies.suspects(window, other)).as(text).isEmpty();
            FatalReplies fatal = new FatalReplies();
            fatal.died(window, other);
            fatal.died(window, other);
            assertThat(fatal.deaths("q", "poison")).as(text).isZero();
        }
    }

    @Test
    void atMostRememberedKeysAreKeptTheOldestForgottenFirst() {
        FatalReplies fatal = new FatalReplies();
        List<FatalReplies.Sent> sent = IntStream.range(0, FatalReplies.REMEMBERED + 10).mapToObj(i -> sent("q", "c" + i, 2_000_000)).toList();
        fatal.died(sent, channelClosed());
        assertThat(fatal.deaths("q", "c0")).isZero();
        assertThat(fatal.deaths("q", "c9")).isZero();
        assertThat(fatal.deaths("q", "c10")).isEqualTo(1);
        assertThat(fatal.deaths("q", "c" + (FatalReplies.REMEMBERED + 9))).isEqualTo(1);
    }
}
