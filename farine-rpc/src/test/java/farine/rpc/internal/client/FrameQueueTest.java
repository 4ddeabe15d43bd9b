package farine.rpc.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class FrameQueueTest {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    @Test
    void framesComeOutInOrderWhateverTheInterleaving() throws Exception {
        FrameQueue queue = new FrameQueue();
        int n = 200_000;
        Thread producer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < n; i++) {
                queue.add(i, i % 997 == 0);
                if (i % 5_000 == 0) {
                    LockSupport.parkNanos(300_000); // let the reader run dry and park now and then
                }
            }
        });
        List<Object> read = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Object frame = queue.poll(MINUTE);
            assertThat(frame).as("frame %d of %d", i, n).isNotNull();
            read.add(frame);
        }
        producer.join();
        for (int i = 0; i < n; i++) {
            assertThat(read.get(i)).isEqualTo(i);
        }
        assertThat(queue.poll(1)).isNull();
    }

    @Test
    void aLoneItemWakesAReaderThatWaitsForLong() throws Exception {
        FrameQueue queue = new FrameQueue();
        Thread[] reader = new Thread[1];
        CompletableFuture<Object> got = CompletableFuture.supplyAsync(() -> {
            reader[0] = Thread.currentThread();
            try {
                return queue.poll(MINUTE);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofPlatform().start(r));
        await().atMost(Duration.ofSeconds(20)).until(() -> reader[0] != null && reader[0].getState() == Thread.State.TIMED_WAITING);
        queue.add("lone", false);
        // woken by the item, not by the minute-long timeout
        assertThat(got.get(30, TimeUnit.SECONDS)).isEqualTo("lone");
    }

    @Test
    void aReaderThatJustReceivedItemsStillGetsTheNextOnesAndTheEnd() throws Exception {
        FrameQueue queue = new FrameQueue();
        queue.add("a", false);
        assertThat(queue.poll(MINUTE)).isEqualTo("a");
        // the reader now parks briefly at a time; items arriving while it sleeps are not lost
        CompletableFuture<List<Object>> got = CompletableFuture.supplyAsync(() -> {
            List<Object> frames = new ArrayList<>();
            try {
                Object frame;
                while ((frame = queue.poll(MINUTE)) != null && !"end".equals(frame)) {
                    frames.add(frame);
                }
                frames.add(frame);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return frames;
        }, r -> Thread.ofPlatform().start(r));
        queue.add("b", false);
        queue.add("end", true);
        assertThat(got.get(30, TimeUnit.SECONDS)).containsExactly("b", "end");
    }

    @Test
    void nothingWithinTheTimeoutIsNull() throws Exception {
        FrameQueue queue = new FrameQueue();
        assertThat(queue.poll(TimeUnit.MILLISECONDS.toNanos(20))).isNull();
        queue.add("late", false);
        assertThat(queue.poll(0)).isEqualTo("late");
    }

    @Test
    void anInterruptedReaderStops() {
        FrameQueue queue = new FrameQueue();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> queue.poll(MINUTE)).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void aParkedReaderIsInterruptible() throws Exception {
        FrameQueue queue = new FrameQueue();
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                queue.poll(MINUTE);
                failure.complete(null);
            } catch (Throwable t) {
                failure.complete(t);
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> reader.getState() == Thread.State.TIMED_WAITING);
        reader.interrupt();
        assertThat(failure.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    }
}
