package farine.rpc.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmCallback;
import com.rabbitmq.client.ShutdownListener;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** With {@code confirm = true} a request is settled only once the broker has confirmed its reply's last frame. */
class ReplyConfirmsTest {

    private final List<String> bodies = new ArrayList<>();
    private final AtomicBoolean confirmMode = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<ConfirmCallback> acks = new AtomicReference<>();
    private final AtomicReference<ConfirmCallback> nacks = new AtomicReference<>();
    private final AtomicReference<ShutdownListener> shutdown = new AtomicReference<>();
    private long next = 1;

    /** A channel in confirm mode as the client library keeps it: each publish takes the next sequence number. */
    private final Channel channel = (Channel) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Channel.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "confirmSelect" -> {
                    confirmMode.set(true);
                    yield null;
                }
                case "addConfirmListener" -> {
                    acks.set((ConfirmCallback) args[0]);
                    nacks.set((ConfirmCallback) args[1]);
                    yield null;
                }
                case "addShutdownListener" -> {
                    shutdown.set((ShutdownListener) args[0]);
                    yield null;
                }
                case "getNextPublishSeqNo" -> next;
                case "basicPublish" -> {
                    if (closed.get()) {
                        throw new AlreadyClosedException(new ShutdownSignalException(false, false, null, "test"));
                    }
                    bodies.add(new String((byte[]) args[3], StandardCharsets.UTF_8));
                    next++;
                    yield null;
                }
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private final ReplySender sender = ReplySender.confirmed(() -> channel, 1);

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static final Exception NOT_YET = new Exception("not settled yet");

    @Test
    void aReplyIsSettledWhenTheBrokerConfirmsItsLastFrameNotWhenItIsWritten() throws Exception {
        assertThat(confirmMode).isTrue();
        AtomicReference<Exception> one = new AtomicReference<>(NOT_YET);
        AtomicReference<Exception> two = new AtomicReference<>(NOT_YET);
        sender.sendThen("q", sender.properties("a"), bytes("a"), bytes("end"), one::set); // frames 1 and 2
        sender.sendThen("q", sender.properties("b"), bytes("b"), null, two::set); // frame 3
        assertThat(bodies).containsExactly("a", "end", "b");
        assertThat(one.get()).isSameAs(NOT_YET);

        acks.get().handle(1, false); // the first frame alone settles nothing
        assertThat(one.get()).isSameAs(NOT_YET);
        acks.get().handle(3, true);
        assertThat(one.get()).isNull();
        assertThat(two.get()).isNull();
    }

    @Test
    void aNackedReplySettlesWithAFailureAndALostChannelFailsEveryUnconfirmedOne() throws Exception {
        AtomicReference<Exception> nacked = new AtomicReference<>(NOT_YET);
        AtomicReference<Exception> lost = new AtomicReference<>(NOT_YET);
        AtomicReference<Exception> last = new AtomicReference<>(NOT_YET);
        sender.sendThen("q", sender.properties("a"), bytes("a"), null, nacked::set); // 1
        sender.sendThen("q", sender.properties("b"), bytes("b"), null, lost::set); // 2
        sender.send("q", sender.properties("s"), bytes("item")); // 3, a stream's item: nobody waits for it alone
        sender.sendLast("q", sender.properties("s"), bytes("end"), last::set); // 4

        nacks.get().handle(1, false);
        assertThat(nacked.get()).isInstanceOf(IOException.class).hasMessageContaining("basic.nack");
        ShutdownSignalException cause = new ShutdownSignalException(true, false, null, "connection lost");
        shutdown.get().shutdownCompleted(cause);
        assertThat(lost.get()).isSameAs(cause);
        assertThat(last.get()).isSameAs(cause);
        acks.get().handle(4, true); // a confirm after the loss settles nothing twice
        assertThat(last.get()).isSameAs(cause);
    }

    @Test
    void aLastFrameThatCannotBeWrittenThrowsAndLeavesNothingWaiting() {
        closed.set(true);
        AtomicReference<Exception> then = new AtomicReference<>(NOT_YET);
        assertThatThrownBy(() -> sender.sendLast("q", sender.properties("s"), bytes("end"), then::set))
                .isInstanceOf(AlreadyClosedException.class);
        AtomicReference<Exception> queued = new AtomicReference<>(NOT_YET);
        sender.sendThen("q", sender.properties("a"), bytes("a"), null, queued::set);
        assertThat(queued.get()).isInstanceOf(AlreadyClosedException.class);
        shutdown.get().shutdownCompleted(new ShutdownSignalException(true, false, null, "gone"));
        assertThat(then.get()).as("not called: the failure was thrown").isSameAs(NOT_YET);
        assertThat(queued.get()).isInstanceOf(AlreadyClosedException.class);
    }
}
