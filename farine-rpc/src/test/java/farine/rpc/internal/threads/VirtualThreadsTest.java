package farine.rpc.internal.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VirtualThreadsTest {

    @Test
    void everyTaskHandedOverByPlatformThreadsRunsOnceOnAVirtualThreadOfItsOwn() throws Exception {
        int threads = 8;
        int perThread = 5_000;
        Set<Integer> ran = ConcurrentHashMap.newKeySet();
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger onPlatformThreads = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(threads * perThread);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            // bursts and pauses, so that the starting thread stops and must be started again, racing new tasks
            producers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    int id = base + i;
                    VirtualThreads.EXECUTOR.execute(() -> {
                        if (!Thread.currentThread().isVirtual()) {
                            onPlatformThreads.incrementAndGet();
                        }
                        ran.add(id);
                        runs.incrementAndGet();
                        done.countDown();
                    });
                    if (i % 100 == 0) {
                        Thread.onSpinWait();
                        Thread.yield();
                    }
                }
            }));
        }
        for (Thread producer : producers) {
            producer.join();
        }

        assertThat(done.await(30, TimeUnit.SECONDS)).as("tasks run: %d of %d", runs.get(), threads * perThread).isTrue();
        assertThat(ran).hasSize(threads * perThread);
        assertThat(runs.get()).isEqualTo(threads * perThread);
        assertThat(onPlatformThreads.get()).isZero();
    }

    @Test
    void aBlockedTaskHoldsBackNoOtherWhicheverThreadHandedItOver() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch others = new CountDownLatch(2);
        Thread.ofPlatform().start(() -> VirtualThreads.EXECUTOR.execute(() -> {
            blocked.countDown();
            awaitQuietly(release);
        })).join();
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();

        Thread.ofPlatform().start(() -> VirtualThreads.EXECUTOR.execute(others::countDown)).join();
        Thread.ofVirtual().start(() -> VirtualThreads.EXECUTOR.execute(others::countDown)).join();

        try {
            assertThat(others.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            release.countDown();
        }
    }

    @Test
    void theTasksOfOneBurstRunAtOnceEachOnAThreadOfItsOwn() throws Exception {
        int burst = 4;
        CountDownLatch allRunning = new CountDownLatch(burst);
        CountDownLatch finished = new CountDownLatch(burst);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        // each task waits until every task of the burst runs: they can only all finish if none waits for another's thread
        Thread.ofPlatform().start(() -> {
            for (int i = 0; i < burst; i++) {
                VirtualThreads.EXECUTOR.execute(() -> {
                    threads.add(Thread.currentThread());
                    allRunning.countDown();
                    awaitQuietly(allRunning);
                    finished.countDown();
                });
            }
        }).join();

        assertThat(finished.await(10, TimeUnit.SECONDS)).as("tasks finished: %d of %d", burst - finished.getCount(), burst).isTrue();
        assertThat(threads).hasSize(burst).allMatch(Thread::isVirtual);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
