package farine.rpc.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class ReplyWriterTest {

    /** What a channel was asked to publish: exchange, routing key, properties and body. */
    record Published(String exchange, String routingKey, AMQP.BasicProperties properties, String body) {
    }

    public static final class Unserializable {
        public String getValue() {
            throw new IllegalStateException("no JSON for this");
        }
    }

    private final List<Published> published = new ArrayList<>();

    private final Channel channel = (Channel) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Channel.class},
            (proxy, method, args) -> {
                if (method.getName().equals("basicPublish") && args.length == 4) {
                    published.add(new Published((String) args[0], (String) args[1], (AMQP.BasicProperties) args[2],
                            new String((byte[]) args[3], StandardCharsets.UTF_8)));
                    return null;
                }
                throw new UnsupportedOperationException(method.getName());
            });

    private ReplyWriter writer() {
        return new ReplyWriter(ReplySender.ordered(channel, 1), "reply.q", "cid");
    }

    private List<String> bodies() {
        return published.stream().map(Published::body).toList();
    }

    /** Writes a plain value and returns what its continuation was given (the frames are out by then here). */
    private Exception writeValue(Object value) {
        AtomicReference<Exception> outcome = new AtomicReference<>(new IllegalStateException("continuation not called"));
        writer().writeValue(value, outcome::set);
        return outcome.get();
    }

    @Test
    void aPlainValueIsOneItemThenTheEndToTheDefaultExchange() throws Exception {
        assertThat(writeValue("hi")).isNull();
        assertThat(bodies()).containsExactly("{\"body\":\"hi\",\"__end__\":false}", "{\"__end__\":true}");
        Published first = published.getFirst();
        assertThat(first.exchange()).isEmpty();
        assertThat(first.routingKey()).isEqualTo("reply.q");
        assertThat(first.properties().getCorrelationId()).isEqualTo("cid");
        assertThat(first.properties().getDeliveryMode()).isEqualTo(1);
        assertThat(first.properties().getContentType()).isEqualTo("application/json");
        assertThat(first.properties().getContentEncoding()).isEqualTo("utf-8");
    }

    @Test
    void aValueWhoseFrameExceedsMaxReplySizeIsNotPublished() {
        ReplyWriter bounded = new ReplyWriter(ReplySender.ordered(channel, 1), "reply.q", "cid", false, 100);
        AtomicReference<Exception> outcome = new AtomicReference<>();
        assertThatThrownBy(() -> bounded.writeValue("x".repeat(100), outcome::set))
                .isInstanceOfSatisfying(ReplyWriter.TooLarge.class, e -> {
                    assertThat(e.size()).isEqualTo(100 + "{\"body\":\"\",\"__end__\":false}".length());
                    assertThat(e.limit()).isEqualTo(100);
                    assertThat(e.sent()).isZero();
                })
                .hasMessage("reply of 127 bytes exceeds max_reply_size = 100 bytes");
        assertThat(published).isEmpty();
        assertThat(outcome.get()).isNull();
        // at the limit exactly it goes
        new ReplyWriter(ReplySender.ordered(channel, 1), "reply.q", "cid", true, 127).writeValue("x".repeat(100), outcome::set);
        assertThat(published).hasSize(1);
    }

    @Test
    void aStreamItemOverMaxReplySizeStopsTheStreamAfterTheItemsBeforeIt() {
        ReplyWriter bounded = new ReplyWriter(ReplySender.ordered(channel, 1), "reply.q", "cid", false, 100);
        AtomicBoolean closed = new AtomicBoolean();
        Stream<String> items = Stream.of("a", "b", "x".repeat(100), "c").onClose(() -> closed.set(true));
        assertThatThrownBy(() -> bounded.write(items, e -> { }))
                .isInstanceOfSatisfying(ReplyWriter.TooLarge.class, e -> assertThat(e.sent()).isEqualTo(2));
        assertThat(bodies()).containsExactly("{\"body\":\"a\",\"__end__\":false}", "{\"body\":\"b\",\"__end__\":false}");
        assertThat(closed).isTrue();
    }

    /** As a Stream is closed: an AutoCloseable iterator whose item is over max_reply_size is closed (it ends there). */
    @Test
    void anIteratorWhoseItemIsOverMaxReplySizeIsClosed() {
        ReplyWriter bounded = new ReplyWriter(ReplySender.ordered(channel, 1), "reply.q", "cid", false, 100);
        AtomicBoolean closed = new AtomicBoolean();
        Iterator<String> source = List.of("a", "x".repeat(100), "c").iterator();
        class Cursor implements Iterator<String>, AutoCloseable {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public String next() {
                return source.next();
            }

            @Override
            public void close() {
                closed.set(true);
            }
        }
        assertThatThrownBy(() -> bounded.write(new Cursor(), e -> { }))
                .isInstanceOfSatisfying(ReplyWriter.TooLarge.class, e -> assertThat(e.sent()).isEqualTo(1));
        assertThat(bodies()).containsExactly("{\"body\":\"a\",\"__end__\":false}");
        assertThat(closed).as("the iterator closed").isTrue();
    }

    @Test
    void collectionsAndNullAreOneItem() throws Exception {
        assertThat(writeValue(List.of(1, 2))).isNull();
        assertThat(writeValue(null)).isNull();
        assertThat(bodies()).containsExactly("{\"body\":[1,2],\"__end__\":false}", "{\"__end__\":true}",
                "{\"body\":null,\"__end__\":false}", "{\"__end__\":true}");
    }

    @Test
    void writeTakesStreamsOnlyAndAValueThatCannotBeSerializedQueuesNothing() {
        assertThatThrownBy(() -> writer().write("hi", e -> { })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writeValue");
        AtomicBoolean called = new AtomicBoolean();
        assertThatThrownBy(() -> writer().writeValue(new Unserializable(), e -> called.set(true)))
                .isInstanceOf(RuntimeException.class).hasStackTraceContaining("no JSON for this");
        assertThat(called).isFalse();
        assertThat(published).isEmpty();
    }

    @Test
    void streamsIteratorsIterablesAndPublishersAreOneItemEach() throws Exception {
        writer().write(Stream.of(1, 2), e -> { });
        writer().write(List.of(3).iterator(), e -> { });
        Iterable<Integer> iterable = () -> List.of(4).iterator();
        writer().write(iterable, e -> { });
        Flow.Publisher<Integer> publisher = subscriber -> {
            SubmissionPublisher<Integer> submission = new SubmissionPublisher<>();
            submission.subscribe(subscriber);
            Thread.ofVirtual().start(() -> {
                submission.submit(5);
                submission.close();
            });
        };
        writer().write(publisher, e -> { });
        assertThat(bodies()).containsExactly("{\"body\":1,\"__end__\":false}", "{\"body\":2,\"__end__\":false}", "{\"__end__\":true}",
                "{\"body\":3,\"__end__\":false}", "{\"__end__\":true}", "{\"body\":4,\"__end__\":false}", "{\"__end__\":true}",
                "{\"body\":5,\"__end__\":false}", "{\"__end__\":true}");
    }

    @Test
    void anEmptyStreamIsJustTheEnd() throws Exception {
        writer().write(Stream.empty(), e -> { });
        assertThat(bodies()).containsExactly("{\"__end__\":true}");
    }

    @Test
    void aFailureMidStreamComesAfterTheItemsAlreadySent() {
        Iterator<Integer> failing = IntStream.range(0, 3).boxed().map(i -> {
            if (i == 2) {
                throw new IllegalStateException("broken");
            }
            return i;
        }).iterator();
        assertThatThrownBy(() -> writer().write(failing, e -> { })).isInstanceOfSatisfying(ReplyWriter.StreamFailure.class,
                e -> assertThat(e.failure()).hasMessage("broken"));
        assertThat(bodies()).containsExactly("{\"body\":0,\"__end__\":false}", "{\"body\":1,\"__end__\":false}");
    }

    @Test
    void anInterruptWhileAPublisherStallsCancelsItsSubscriptionAndCountsTheItemsSent() throws Exception {
        CountDownLatch cancelled = new CountDownLatch(1);
        CountDownLatch firstSent = new CountDownLatch(1);
        Flow.Publisher<String> oneThenNothing = subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            private boolean sent;

            @Override
            public void request(long n) {
                if (!sent) {
                    sent = true;
                    subscriber.onNext("first");
                    firstSent.countDown();
                }
            }

            @Override
            public void cancel() {
                cancelled.countDown();
            }
        });
        ReplyWriter writer = writer();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread worker = Thread.ofVirtual().start(() -> {
            try {
                writer.write(oneThenNothing, e -> { });
            } catch (Throwable t) {
                thrown.set(t);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        assertThat(firstSent.await(5, TimeUnit.SECONDS)).isTrue();
        worker.interrupt();
        assertThat(worker.join(Duration.ofSeconds(5))).isTrue();
        assertThat(thrown.get()).isInstanceOfSatisfying(ReplyWriter.StreamFailure.class,
                e -> assertThat(e.failure()).isInstanceOf(InterruptedException.class));
        assertThat(stillInterrupted).isTrue();
        assertThat(cancelled.getCount()).isZero();
        assertThat(writer.sent()).isEqualTo(1);
        assertThat(bodies()).containsExactly("{\"body\":\"first\",\"__end__\":false}");
    }

    /**
     * A method's iterator that throws a checked exception (Kotlin, Lombok's @SneakyThrows) fails the stream like an
     * unchecked one: before, the IOException left write() as if publishing had failed (the request requeued, served
     * again, for ever) and the writer stuck in its producing state, so that a later cancel interrupted the worker after
     * it had moved on.
     */
    @Test
    void aCheckedExceptionFromTheMethodsIteratorFailsTheStreamAndLeavesNothingToInterrupt() {
        Iterator<Integer> failing = new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (next == 1) {
                    throw ReplyWriterTest.<RuntimeException>sneaky(new java.io.IOException("disk gone"));
                }
                return next++;
            }
        };
        ReplyWriter writer = writer();
        assertThatThrownBy(() -> writer.write(failing, e -> { })).isInstanceOfSatisfying(ReplyWriter.StreamFailure.class,
                e -> assertThat(e.failure()).isInstanceOf(java.io.IOException.class).hasMessage("disk gone"));
        assertThat(bodies()).containsExactly("{\"body\":0,\"__end__\":false}");
        // a cancel that comes now (it found the writer before it was unregistered) must interrupt nobody
        writer.cancel();
        assertThat(Thread.interrupted()).as("the worker, gone on to other work, interrupted").isFalse();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    @Test
    void jsonTreesAndPathsAreNotStreams() {
        assertThat(ReplyWriter.streams(JsonNodeFactory.instance.arrayNode())).isFalse();
        assertThat(ReplyWriter.streams(Path.of("a", "b"))).isFalse();
        assertThat(ReplyWriter.streams(List.of())).isFalse();
        assertThat(ReplyWriter.streams(Stream.empty())).isTrue();
    }
}
