package farine.rpc.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Ordered replies (the default, {@link ReplySender#ordered}): a reply goes on the channel its request came on, and the
 * request's acknowledgement follows it there, written by the same thread after the reply's frames, never before them
 * and never for a reply that could not be written. No confirm mode, no confirm listener: the channel here refuses both.
 */
class OrderedRepliesTest {

    /** Every command the channel was given, in the order it took them: {@code publish <body>}, {@code ack <tag>}, {@code nack <tag>}. */
    private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean closed = new AtomicBoolean();

    /** The request's channel: publishes and acks only; closed, it fails both as the client does. */
    private final Channel channel = (Channel) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Channel.class},
            (proxy, method, args) -> {
                String command = switch (method.getName()) {
                    case "basicPublish" -> "publish " + new String((byte[]) args[3], StandardCharsets.UTF_8);
                    case "basicAck" -> "ack " + args[0];
                    case "basicNack" -> "nack " + args[0];
                    // confirmSelect, addConfirmListener, addShutdownListener, getNextPublishSeqNo: not for ordered replies
                    default -> throw new UnsupportedOperationException(method.getName());
                };
                if (closed.get()) {
                    throw new AlreadyClosedException(new ShutdownSignalException(false, false, null, "channel closed"));
                }
                commands.add(command);
                return null;
            });

    private final ReplySender sender = ReplySender.ordered(channel, 1);

    /** What {@link RpcRequest#accept} does with its reply's outcome: ack on its channel once it is out, else requeue. */
    private Consumer<Exception> request(long tag) {
        return failure -> {
            try {
                if (failure == null) {
                    channel.basicAck(tag, false);
                } else {
                    channel.basicNack(tag, false, true);
                }
            } catch (Exception e) {
                commands.add("not settled " + tag + ": " + e.getClass().getSimpleName());
            }
        };
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eachAcknowledgementFollowsItsOwnReplyOnTheChannelWhoeverPublishesIt() throws Exception {
        int threads = 8;
        int perThread = 1_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < perThread; i++) {
                    long tag = thread * 100_000L + i + 1;
                    // one value's frames, queued: published by whichever worker holds the channel (combining)
                    sender.sendThen("q", sender.properties("c" + tag), bytes("item " + tag), bytes("end " + tag), request(tag));
                }
            }));
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        List<String> seen = List.copyOf(commands);
        assertThat(seen).hasSize(threads * perThread * 3);
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < seen.size(); i++) {
            assertThat(at.put(seen.get(i), i)).as("%s given twice", seen.get(i)).isNull();
        }
        // among the publishes, a reply's two frames are back to back (another request's ack may come between them)
        List<String> publishes = seen.stream().filter(c -> c.startsWith("publish ")).toList();
        Map<String, Integer> published = new HashMap<>();
        for (int i = 0; i < publishes.size(); i++) {
            published.put(publishes.get(i), i);
        }
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                long tag = t * 100_000L + i + 1;
                int item = at.get("publish item " + tag);
                int end = at.get("publish end " + tag);
                int ack = at.get("ack " + tag);
                assertThat(publishes.get(published.get("publish item " + tag) + 1)).as("request %d: its frames back to back", tag)
                        .isEqualTo("publish end " + tag);
                assertThat(end).as("request %d: its end after its item", tag).isGreaterThan(item);
                assertThat(ack).as("request %d: acknowledged after its reply", tag).isGreaterThan(end);
            }
        }
    }

    @Test
    void aStreamsItemsThenItsEndThenTheAcknowledgementAllOnTheRequestsChannel() throws Exception {
        ReplyWriter writer = new ReplyWriter(sender, "q", "s1");

        writer.write(Stream.of(1, 2, 3), request(7));

        assertThat(commands).containsExactly("publish {\"body\":1,\"__end__\":false}", "publish {\"body\":2,\"__end__\":false}",
                "publish {\"body\":3,\"__end__\":false}", "publish {\"__end__\":true}", "ack 7");
    }

    @Test
    void aReplyThatCannotBeWrittenLeavesItsRequestUnacknowledged() throws Exception {
        closed.set(true);

        sender.sendThen("q", sender.properties("a"), bytes("a"), bytes("end"), request(1));
        assertThatThrownBy(() -> sender.sendLast("q", sender.properties("b"), bytes("end"), request(2)))
                .isInstanceOf(AlreadyClosedException.class);

        // the queued one was settled with the failure (a requeue, which the closed channel refuses as well: the broker
        // requeues what a closed channel leaves unacknowledged); the other threw, and its caller requeues it
        assertThat(commands).containsExactly("not settled 1: AlreadyClosedException");

        closed.set(false);
        sender.sendThen("q", sender.properties("c"), bytes("c"), null, request(3));
        assertThat(commands).endsWith("publish c", "ack 3");
    }
}
