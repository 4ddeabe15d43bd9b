package farine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
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
    void aStoppedTrackerRefusesWorkOnAThreadOfItsOwnAndHere() {
        tracker.stopAccepting();
        AtomicBoolean ran = new AtomicBoolean();

        assertThat(tracker.submit(() -> ran.set(true))).isFalse();
        assertThat(tracker.runHere(() -> ran.set(true))).isFalse();
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
                    new CountDownLatch(1).await(1, TimeUnit.MINUTES); // ended by interruptAll only
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

    @Test
    void workSubmittedWhileAWorkerFinishesRunsNextOnTheSameThread() throws InterruptedException {
        List<Thread> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        Runnable[] chain = new Runnable[1];
        chain[0] = () -> {
            ran.add(Thread.currentThread());
            done.countDown();
            if (ran.size() < 3) {
                tracker.finishing(() -> tracker.submit(chain[0]));
            }
        };
        tracker.submit(chain[0]);

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(tracker.await(Duration.ofSeconds(5))).isTrue();
        assertThat(ran).hasSize(3);
        assertThat(Set.copyOf(ran)).as("one thread for the chain").hasSize(1);
        assertThat(tracker.running()).isZero();
    }

    @Test
    void workSubmittedMidWayRunsAtOnceOnAThreadOfItsOwn() throws InterruptedException {
        CountDownLatch inner = new CountDownLatch(1);
        CountDownLatch outerMayEnd = new CountDownLatch(1);
        tracker.submit(() -> {
            tracker.submit(() -> {
                inner.countDown();
            });
            awaitQuietly(outerMayEnd); // the inner work must not wait for this one to end
        });

        assertThat(inner.await(5, TimeUnit.SECONDS)).isTrue();
        outerMayEnd.countDown();
        assertThat(tracker.await(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void aDrainWaitsForHandedOverWorkAndAFollowUpOfAFailedWorkerStillRuns() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch followUpRan = new CountDownLatch(1);
        CountDownLatch handedOver = new CountDownLatch(1);
        tracker.submit(() -> {
            tracker.finishing(() -> tracker.submit(() -> {
                awaitQuietly(release);
                followUpRan.countDown();
            }));
            handedOver.countDown();
            throw new AssertionError("the worker dies after handing over");
        });
        assertThat(handedOver.await(5, TimeUnit.SECONDS)).isTrue();
        tracker.stopAccepting();
        assertThat(tracker.await(Duration.ofMillis(200))).as("the follow-up is still running").isFalse();

        release.countDown();

        assertThat(followUpRan.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(tracker.await(Duration.ofSeconds(5))).isTrue();
        assertThat(tracker.running()).isZero();
    }

    @Test
    void workRunHereIsCountedInterruptibleAndLeavesTheCallersFlagClear() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean flagAfter = new AtomicBoolean(true);
        AtomicBoolean accepted = new AtomicBoolean();
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            accepted.set(tracker.runHere(() -> {
                ranOn.add(Thread.currentThread());
                started.countDown();
                try {
                    new CountDownLatch(1).await(1, TimeUnit.MINUTES); // ended by interruptAll only
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    Thread.currentThread().interrupt(); // left set, as careless work would
                }
            }));
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(tracker.running()).isEqualTo(1);
        tracker.stopAccepting();
        assertThat(tracker.await(Duration.ofMillis(100))).as("a drain waits for work run here").isFalse();

        tracker.interruptAll();

        assertThat(tracker.await(Duration.ofSeconds(5))).isTrue();
        caller.join(5_000);
        assertThat(accepted).isTrue();
        assertThat(interrupted).isTrue();
        assertThat(ranOn).containsExactly(caller);
        assertThat(flagAfter).as("the caller's interrupt flag after runHere").isFalse();
        assertThat(tracker.running()).isZero();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
