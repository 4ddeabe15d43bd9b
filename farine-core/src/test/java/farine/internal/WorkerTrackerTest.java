package farine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerTrackerTest {

    private final WorkerTracker tracker = new WorkerTracker();

    @AfterEach
    void shutdown() {
        tracker.shutdown();
    }

    @Test
    void awaitReturnsOnceEveryWorkerHasFinished() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 10; i++) {
            assertThat(tracker.submit(() -> awaitQuietly(release))).isTrue();
        }
        assertThat(tracker.running()).isEqualTo(10);
        tracker.stopAccepting();
        assertThat(tracker.await(Duration.ofMillis(100))).as("workers still blocked").isFalse();

        release.countDown();

        assertThat(tracker.await(Duration.ofSeconds(5))).isTrue();
        assertThat(tracker.running()).isZero();
    }

    @Test
    void aStoppedTrackerRefusesWork() {
        tracker.stopAccepting();
        AtomicBoolean ran = new AtomicBoolean();

        assertThat(tracker.submit(() -> ran.set(true))).isFalse();
        assertThat(tracker.running()).isZero();
        assertThat(ran).isFalse();
    }

    @Test
    void noWorkerStartsAfterADrainThatRacedWithSubmitters() throws InterruptedException {
        for (int round = 0; round < 50; round++) {
            WorkerTracker racing = new WorkerTracker();
            AtomicBoolean drained = new AtomicBoolean();
            AtomicInteger startedAfterDrain = new AtomicInteger();
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger ran = new AtomicInteger();
            Thread[] submitters = new Thread[4];
            for (int t = 0; t < submitters.length; t++) {
                submitters[t] = Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        if (racing.submit(() -> {
                            if (drained.get()) {
                                startedAfterDrain.incrementAndGet();
                            }
                            ran.incrementAndGet();
                        })) {
                            accepted.incrementAndGet();
                        }
                    }
                });
            }
            racing.stopAccepting();
            assertThat(racing.await(Duration.ofSeconds(10))).isTrue();
            drained.set(true);
            for (Thread submitter : submitters) {
                submitter.join();
            }
            assertThat(startedAfterDrain).as("round %d", round).hasValue(0);
            assertThat(racing.running()).isZero();
            assertThat(ran).hasValue(accepted.get());
            racing.shutdown();
        }
    }

    @Test
    void interruptAllReachesBlockedWorkers() {
        AtomicInteger interrupted = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            tracker.submit(() -> {
                started.countDown();
                try {
                    Thread.sleep(Duration.ofMinutes(1));
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                }
            });
        }
        awaitQuietly(started);
        tracker.interruptAll();

        assertThat(tracker.await(Duration.ofSeconds(5))).isTrue();
        assertThat(interrupted).hasValue(3);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
