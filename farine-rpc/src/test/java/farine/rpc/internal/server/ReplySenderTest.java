package farine.rpc.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReplySenderTest {

    private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicBoolean overlapped = new AtomicBoolean();
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** Records each publish; notes two threads inside the channel at once; throws once {@link #closed}. */
    private final Channel channel = (Channel) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Channel.class},
            (proxy, method, args) -> {
                if (!method.getName().equals("basicPublish")) {
                    throw new UnsupportedOperationException(method.getName());
                }
                if (inside.incrementAndGet() > 1) {
                    overlapped.set(true);
                }
                try {
                    if (closed.get()) {
                        throw new AlreadyClosedException(new ShutdownSignalException(false, false, null, "test"));
                    }
                    if (new String((byte[]) args[3], StandardCharsets.UTF_8).equals("hold")) {
                        holding.countDown();
                        release.await();
                    }
                    bodies.add(new String((byte[]) args[3], StandardCharsets.UTF_8));
                    return null;
                } finally {
                    inside.decrementAndGet();
                }
            });

    /** Lingers after finding the queue empty, where a holder that did not look again before leaving would strand a reply. */
    private final ConcurrentLinkedQueue<ReplySender.Queued> queue = new ConcurrentLinkedQueue<>() {
        @Override
        public ReplySender.Queued poll() {
            ReplySender.Queued next = super.poll();
            if (next == null) {
                LockSupport.parkNanos(20_000);
            }
            return next;
        }
    };

    private final ReplySender sender = new ReplySender(channel, 2, false, queue);

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aDeathNamesEachRequestWhoseFramesWentOutSinceTheLastDeathOnce() throws Exception {
        ReplySender sender = ReplySender.ordered(channel, 1);
        sender.send("q", sender.properties("a"), bytes("a1"));
        sender.send("q", sender.properties("a"), bytes("a2"));
        sender.sendThen("amq.rabbitmq.reply-to.x", sender.properties("b"), bytes("b"), bytes("b/end"), e -> { });
        // each request once, with its largest frame
        assertThat(sender.sinceLastDeath()).containsExactly(new FatalReplies.Sent("q", "a", 2),
                new FatalReplies.Sent("amq.rabbitmq.reply-to.x", "b", 5));
        assertThat(sender.sinceLastDeath()).isEmpty();
        for (int i = 0; i < 300; i++) {
            sender.send("q", sender.properties("c" + i), bytes("c"));
        }
        // the last 128 frames only
        assertThat(sender.sinceLastDeath()).hasSize(128).extracting(FatalReplies.Sent::key)
                .startsWith(FatalReplies.key("q", "c172")).endsWith(FatalReplies.key("q", "c299"));
    }

    @Test
    void everyQueuedReplyIsOutAndSettledOnceWhenItsSendersHaveReturned() throws Exception {
        int threads = 8;
        int perThread = 2_000;
        Map<String, Integer> settled = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            // half the threads stream (send under the lock), half reply with one value (queued, combined)
            senders.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        String id = thread + "-" + i;
                        if (thread % 2 == 0) {
                            sender.send("q", sender.properties(id), bytes(id));
                        } else {
                            sender.sendThen("q", sender.properties(id), bytes(id), bytes(id + "/end"),
                                    failure -> settled.merge(failure == null ? id : id + " failed: " + failure, 1, Integer::sum));
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        start.countDown();
        for (Thread t : senders) {
            t.join();
        }

        // no waiting: once every sender has returned, nothing may be left in the queue
        int queuedReplies = threads / 2 * perThread;
        assertThat(settled).hasSize(queuedReplies).allSatisfy((id, times) -> assertThat(times).as(id).isEqualTo(1));
        assertThat(settled.keySet()).noneMatch(id -> id.contains("failed"));
        assertThat(bodies).hasSize(threads / 2 * perThread + 2 * queuedReplies);
        assertThat(overlapped).as("two threads in the channel at once").isFalse();
        // the two frames of a queued reply stay back to back
        List<String> seen = List.copyOf(bodies);
        for (int i = 0; i < seen.size(); i++) {
            String body = seen.get(i);
            if (body.matches("[1357]-\\d+")) {
                assertThat(seen.get(i + 1)).isEqualTo(body + "/end");
            }
        }
    }

    @Test
    void aReplyQueuedJustAsTheHolderLetsGoIsNotLeftBehind() throws Exception {
        int rounds = 2_000;
        AtomicInteger settled = new AtomicInteger();
        CyclicBarrier barrier = new CyclicBarrier(3);
        Thread holder = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < rounds; i++) {
                await(barrier);
                try {
                    sender.send("q", sender.properties("s"), bytes("s"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                await(barrier);
            }
        });
        Thread queuer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < rounds; i++) {
                await(barrier);
                sender.sendThen("q", sender.properties("v"), bytes("v"), bytes("end"), f -> settled.incrementAndGet());
                await(barrier);
            }
        });
        for (int i = 0; i < rounds; i++) {
            await(barrier); // both go
            await(barrier); // both have returned: the queued reply must be out, whoever published it
            assertThat(settled.get()).as("round %d", i).isEqualTo(i + 1);
        }
        holder.join();
        queuer.join();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aReplyThatCannotGoOutIsSettledWithTheFailureAndLeavesNoOtherBehind() {
        closed.set(true);
        List<Exception> failures = new ArrayList<>();

        sender.sendThen("q", sender.properties("a"), bytes("a"), bytes("end"), failures::add);
        sender.sendThen("q", sender.properties("b"), bytes("b"), bytes("end"), failures::add);

        assertThat(failures).hasSize(2).allSatisfy(f -> assertThat(f).isInstanceOf(AlreadyClosedException.class));
        closed.set(false);
        List<Exception> later = new ArrayList<>();
        sender.sendThen("q", sender.properties("c"), bytes("c"), bytes("end"), later::add);
        assertThat(later).containsExactly((Exception) null);
        assertThat(bodies).containsExactly("c", "end");
    }

    @Test
    void repliesQueuedWhileAStreamHoldsTheChannelGoOutWhenItLetsGoAndAThrowingContinuationStopsNoOther() throws Exception {
        List<String> settled = Collections.synchronizedList(new ArrayList<>());
        Thread stream = Thread.ofVirtual().start(() -> {
            try {
                sender.send("q", sender.properties("s"), bytes("hold"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        holding.await();

        sender.sendThen("q", sender.properties("a"), bytes("a"), bytes("end"), f -> {
            throw new IllegalStateException("settling failed");
        });
        sender.sendThen("q", sender.properties("b"), bytes("b"), bytes("end"), f -> settled.add("b " + f));
        assertThat(bodies).as("nothing goes out while the stream holds the channel").isEmpty();
        release.countDown();
        stream.join();

        assertThat(bodies).containsExactly("hold", "a", "end", "b", "end");
        assertThat(settled).containsExactly("b null");
    }
}
