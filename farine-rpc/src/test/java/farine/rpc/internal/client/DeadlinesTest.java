package farine.rpc.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.rpc.internal.wire.ReplyFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The asynchronous calls' deadlines: in order, each at its own time, and nothing left behind by answered calls. */
class DeadlinesTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Expired calls with the time each expired, in the order the timer expired them. */
    private final BlockingQueue<Expiry> expired = new LinkedBlockingQueue<>();
    private final Deadlines deadlines = new Deadlines(call -> expired.add(new Expiry((Call) call, System.nanoTime())));

    private record Expiry(Call call, long at) {
    }

    /** A call that records how it ended (the deadline's own outcome comes through {@link PendingCall.Async#expire}). */
    private final class Call extends PendingCall.Async {
        final CompletableFuture<Object> ended = new CompletableFuture<>();

        Call(String id, long timeoutNanos) {
            super(DeadlinesTest.this.deadlines, id, timeoutNanos, Runnable::run);
        }

        @Override
        void complete(ReplyFrame frame, RuntimeException failure) {
            ended.complete(failure != null ? failure : frame);
        }

        @Override
        public String toString() {
            return id();
        }
    }

    private Expiry nextExpiry() throws InterruptedException {
        Expiry expiry = expired.poll(10, TimeUnit.SECONDS);
        assertThat(expiry).as("an expiry within 10 s").isNotNull();
        return expiry;
    }

    @Test
    void aCallNotAnsweredExpiresAtItsDeadlineAndNotBefore() throws Exception {
        Call call = new Call("c1", 80 * MS);
        long added = System.nanoTime();
        deadlines.add(call);

        Expiry expiry = nextExpiry();

        assertThat(expiry.call()).isSameAs(call);
        assertThat(expiry.at() - added).as("expired after %d ms", (expiry.at() - added) / MS).isGreaterThanOrEqualTo(80 * MS);
        assertThat(deadlines.size()).isZero();
        // the listener takes the entry, then expires the call: it ends with the deadline's marker, once
        call.expire();
        assertThat(call.ended).isCompletedWithValue(PendingCall.Async.TIMED_OUT);
    }

    @Test
    void answeredCallsLeaveNothingBehindAndNeverExpire() throws Exception {
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Call call = new Call("c" + i, 60_000 * MS);
            deadlines.add(call);
            calls.add(call);
        }
        assertThat(deadlines.size()).isEqualTo(10_000);
        ReplyFrame reply = ReplyFrame.decode(ReplyFrame.item(1));
        for (Call call : calls) {
            call.accept(reply);
        }

        assertThat(deadlines.size()).isZero();
        assertThat(calls).allSatisfy(call -> assertThat(call.ended).isCompletedWithValue(reply));
        // a call added after them is the first and only one to expire
        Call late = new Call("late", 60 * MS);
        deadlines.add(late);
        assertThat(nextExpiry().call()).isSameAs(late);
        assertThat(expired).isEmpty();
    }

    @Test
    void aShorterTimeoutExpiresBeforeLongerOnesAddedEarlier() throws Exception {
        Call long1 = new Call("long1", 60_000 * MS);
        Call long2 = new Call("long2", 60_000 * MS);
        deadlines.add(long1);
        deadlines.add(long2);
        Call medium = new Call("medium", 200 * MS);
        Call shorter = new Call("short", 60 * MS);
        long added = System.nanoTime();
        deadlines.add(medium);
        deadlines.add(shorter);

        Expiry first = nextExpiry();
        Expiry second = nextExpiry();

        assertThat(first.call()).isSameAs(shorter);
        assertThat(first.at() - added).isGreaterThanOrEqualTo(60 * MS);
        assertThat(second.call()).isSameAs(medium);
        assertThat(second.at() - added).isGreaterThanOrEqualTo(200 * MS);
        assertThat(deadlines.size()).isEqualTo(2);
        deadlines.remove(long1);
        deadlines.remove(long2);
        assertThat(deadlines.size()).isZero();
    }

    @Test
    void removingTheHeadDoesNotExpireTheNextCallEarly() throws Exception {
        Call first = new Call("first", 50 * MS);
        deadlines.add(first);
        Call second = new Call("second", 250 * MS);
        long secondAdded = System.nanoTime();
        deadlines.add(second);
        deadlines.remove(first); // the timer stays armed for first's deadline: that wake-up must find nothing due

        Expiry expiry = nextExpiry();

        assertThat(expiry.call()).isSameAs(second);
        assertThat(expiry.at() - secondAdded).as("expired after %d ms", (expiry.at() - secondAdded) / MS)
                .isGreaterThanOrEqualTo(250 * MS);
    }

    @Test
    void aCallEndedBeforeItsDeadlineStartedIsNotAdded() {
        Call call = new Call("raced", 10 * MS);
        call.fail(new IllegalStateException("connection closed")); // its end overtook its start

        deadlines.add(call);

        assertThat(deadlines.size()).isZero();
        assertThat(call.ended).isCompletedWithValueMatching(e -> e instanceof IllegalStateException);
    }

    @Test
    void aCallEndsOnceWhenItsReplyAndItsDeadlineRace() {
        java.util.concurrent.atomic.AtomicInteger handedOver = new java.util.concurrent.atomic.AtomicInteger();
        PendingCall.Async call = new PendingCall.Async(deadlines, "raced", 60_000 * MS, task -> {
            handedOver.incrementAndGet();
            task.run();
        }) {
            @Override
            void complete(ReplyFrame frame, RuntimeException failure) {
            }
        };
        deadlines.add(call);

        // the listener's timer took the entry and expires the call while the reader, which had read the entry before,
        // hands the reply over (ReplyListener.deliver accepts the frame whether or not its remove won)
        call.expire();
        call.accept(ReplyFrame.decode(ReplyFrame.item(1)));
        call.fail(new IllegalStateException("closed"));

        assertThat(handedOver).as("hand-overs of one call").hasValue(1);
    }

    @Test
    void aCallIsAddedOnce() {
        Call call = new Call("twice", 60_000 * MS);
        deadlines.add(call);

        assertThatThrownBy(() -> deadlines.add(call)).isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
        deadlines.remove(call);
    }

    @Test
    void callsAddedAndAnsweredFromManyThreadsLeaveTheListEmpty() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                work.add(threads.submit(() -> {
                    ReplyFrame end = ReplyFrame.decode(ReplyFrame.end());
                    for (int i = 0; i < 5_000; i++) {
                        Call call = new Call(thread + "-" + i, (i % 3 + 1) * 60_000 * MS);
                        deadlines.add(call);
                        call.accept(end);
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(deadlines.size()).isZero();
        assertThat(expired).isEmpty();
    }

    @Test
    void closingStopsTheTimerAndDropsEveryDeadline() throws Exception {
        Call call = new Call("closed", 100 * MS);
        deadlines.add(call);

        deadlines.close();

        assertThat(deadlines.size()).isZero();
        assertThat(expired.poll(300, TimeUnit.MILLISECONDS)).as("no expiry after close").isNull();
    }

    @Test
    void expiriesRunOncePerCallInDeadlineOrder() throws Exception {
        ConcurrentHashMap<String, Integer> seen = new ConcurrentHashMap<>();
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Call call = new Call("c" + i, (20 + (i * 7) % 50) * MS); // mixed timeouts, added out of deadline order
            deadlines.add(call);
            calls.add(call);
        }
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < calls.size(); i++) {
            Expiry expiry = nextExpiry();
            assertThat(seen.merge(expiry.call().id(), 1, Integer::sum)).isEqualTo(1);
            assertThat(expiry.call().deadline).isGreaterThanOrEqualTo(previous);
            assertThat(expiry.at()).isGreaterThanOrEqualTo(expiry.call().deadline);
            previous = expiry.call().deadline;
        }
        assertThat(seen).hasSize(50);
        assertThat(deadlines.size()).isZero();
    }
}
