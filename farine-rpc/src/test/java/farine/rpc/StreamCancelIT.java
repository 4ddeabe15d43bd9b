package farine.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import farine.Container;
import farine.Service;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md §7, stream cancel: a caller that closes a stream before its end cancels it, and the server stops
 * producing. The server runs one worker ({@code concurrency = 1}): an endless stream that went on would keep it, so
 * a call answered afterwards shows on the server side that the producer stopped, beside its closed stream.
 */
class StreamCancelIT {

    public interface Producer {
        Stream<Integer> endless();

        Iterator<Integer> endlessly();

        Stream<Integer> stalls();

        Stream<Integer> published();

        String ping();
    }

    @Service("rpcit_cancel")
    public static final class Endless {
        static final AtomicInteger PRODUCED = new AtomicInteger();
        static final CountDownLatch STREAM_CLOSED = new CountDownLatch(1);
        static final CountDownLatch ITERATOR_CLOSED = new CountDownLatch(1);
        static final CountDownLatch WAITING = new CountDownLatch(1);
        static final CountDownLatch INTERRUPTED = new CountDownLatch(1);
        static final CountDownLatch STALLED_CLOSED = new CountDownLatch(1);
        static final CountDownLatch SUBSCRIPTION_CANCELLED = new CountDownLatch(1);

        /** An endless publisher: the items asked for come at once, on the thread that asked; cancel is recorded. */
        @RpcMethod
        public java.util.concurrent.Flow.Publisher<Integer> published() {
            return subscriber -> subscriber.onSubscribe(new java.util.concurrent.Flow.Subscription() {
                private int n;
                private long demand;
                private boolean emitting; // request from within onNext only adds demand (Flow's rule 3.3: bounded recursion)
                private volatile boolean cancelled;

                @Override
                public void request(long count) {
                    demand += count;
                    if (emitting) {
                        return;
                    }
                    emitting = true;
                    while (demand > 0 && !cancelled) {
                        demand--;
                        subscriber.onNext(++n);
                    }
                    emitting = false;
                }

                @Override
                public void cancel() {
                    cancelled = true;
                    SUBSCRIPTION_CANCELLED.countDown();
                }
            });
        }

        @RpcMethod
        public Stream<Integer> endless() {
            return Stream.iterate(1, i -> i + 1).peek(i -> PRODUCED.incrementAndGet()).onClose(STREAM_CLOSED::countDown);
        }

        @RpcMethod
        public Iterator<Integer> endlessly() {
            return new Counting(ITERATOR_CLOSED);
        }

        /** Two items, then waits for ever for a third: only an interrupt ends the wait. */
        @RpcMethod
        public Stream<Integer> stalls() {
            Iterator<Integer> items = new Iterator<>() {
                private int n;

                @Override
                public boolean hasNext() {
                    if (n < 2) {
                        return true;
                    }
                    try {
                        WAITING.countDown();
                        new CountDownLatch(1).await();
                        return true;
                    } catch (InterruptedException e) {
                        INTERRUPTED.countDown();
                        throw new IllegalStateException("interrupted while waiting for the third item", e);
                    }
                }

                @Override
                public Integer next() {
                    if (n >= 2) {
                        throw new NoSuchElementException();
                    }
                    return ++n;
                }
            };
            return Stream.iterate(0, i -> items.hasNext(), i -> i).map(i -> items.next()).onClose(STALLED_CLOSED::countDown);
        }

        @RpcMethod
        public String ping() {
            return "pong";
        }
    }

    /** An endless iterator that is AutoCloseable, as a cursor over query results would be. */
    static final class Counting implements Iterator<Integer>, AutoCloseable {
        private final CountDownLatch closed;
        private int n;

        Counting(CountDownLatch closed) {
            this.closed = closed;
        }

        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public Integer next() {
            return ++n;
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    private static Container server;
    private static RpcClients clients;
    private static Producer producer;

    @BeforeAll
    static void start() {
        server = Broker.start(Broker.config(Map.of("rpcit_cancel", Map.of("concurrency", "1"))), Endless.class);
        clients = RpcClients.connect(Broker.uri());
        producer = clients.proxy("rpcit_cancel", Producer.class, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        if (clients != null) {
            clients.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void closingAStreamEarlyStopsTheServersProducer() throws Exception {
        try (Stream<Integer> items = producer.endless()) {
            assertThat(items.limit(3).toList()).containsExactly(1, 2, 3);
        }
        assertThat(Endless.STREAM_CLOSED.await(10, TimeUnit.SECONDS)).as("the server closed the method's stream").isTrue();
        int produced = Endless.PRODUCED.get();
        // the only worker is free again: the endless stream no longer holds it
        assertThat(producer.ping()).isEqualTo("pong");
        assertThat(Endless.PRODUCED.get()).isEqualTo(produced);
        assertThat(clients.pending()).isZero();
    }

    @Test
    void closingATypedIteratorCancelsAndClosesTheServersIterator() throws Exception {
        Iterator<Integer> items = producer.endlessly();
        assertThat(items.next()).isEqualTo(1);
        assertThat(items.next()).isEqualTo(2);
        ((AutoCloseable) items).close();
        assertThat(Endless.ITERATOR_CLOSED.await(10, TimeUnit.SECONDS)).as("the server closed the method's iterator").isTrue();
        assertThat(producer.ping()).isEqualTo("pong");
    }

    @Test
    void aProducerWaitingForItsNextItemIsInterrupted() throws Exception {
        try (Stream<Integer> items = producer.stalls()) {
            Iterator<Integer> it = items.iterator();
            assertThat(it.next()).isEqualTo(1);
            assertThat(it.next()).isEqualTo(2);
            // closed once the producer waits for the third item (closed earlier, it stops before asking for it)
            assertThat(Endless.WAITING.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Endless.INTERRUPTED.await(10, TimeUnit.SECONDS)).as("the waiting producer was interrupted").isTrue();
        assertThat(Endless.STALLED_CLOSED.await(10, TimeUnit.SECONDS)).as("and its stream closed").isTrue();
        assertThat(producer.ping()).isEqualTo("pong");
    }

    @Test
    void closingAStreamEarlyCancelsAPublishersSubscription() throws Exception {
        try (Stream<Integer> items = producer.published()) {
            assertThat(items.limit(3).toList()).containsExactly(1, 2, 3);
        }
        assertThat(Endless.SUBSCRIPTION_CANCELLED.await(10, TimeUnit.SECONDS)).as("the server cancelled the subscription").isTrue();
        assertThat(producer.ping()).isEqualTo("pong");
    }
}
