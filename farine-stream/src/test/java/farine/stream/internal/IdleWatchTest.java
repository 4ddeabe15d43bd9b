package farine.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdleWatchTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final AtomicInteger fired = new AtomicInteger();

    @Test
    void firesOnceWhenNothingArrivesForTheTimeout() {
        try (IdleWatch watch = IdleWatch.start(Duration.ofMillis(50), fired::incrementAndGet, "test-idle")) {
            await().atMost(WAIT).until(watch::fired);

            await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> fired.get() == 1);
        }
    }

    @Test
    void activityKeepsTheConnectionAlive() {
        ScheduledExecutorService bytes = Executors.newSingleThreadScheduledExecutor();
        try (IdleWatch watch = IdleWatch.start(Duration.ofMillis(300), fired::incrementAndGet, "test-idle")) {
            bytes.scheduleAtFixedRate(watch::active, 0, 20, TimeUnit.MILLISECONDS); // a byte every 20 ms

            await().during(Duration.ofMillis(400)).atMost(WAIT).until(() -> !watch.fired());
            assertThat(fired).hasValue(0);
            bytes.shutdownNow();

            await().atMost(WAIT).until(watch::fired); // and once the bytes stop, it fires
        } finally {
            bytes.shutdownNow();
        }
    }

    @Test
    void timeSpentHandlingAnEventIsNotIdleTime() {
        try (IdleWatch watch = IdleWatch.start(Duration.ofMillis(50), fired::incrementAndGet, "test-idle")) {
            watch.paused(true);

            await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> !watch.fired());

            watch.paused(false);
            await().atMost(WAIT).until(watch::fired);
            assertThat(fired).hasValue(1);
        }
    }

    @Test
    void closedWatchNeverFires() {
        IdleWatch watch = IdleWatch.start(Duration.ofMillis(100), fired::incrementAndGet, "test-idle");
        watch.close();

        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> fired.get() == 0);
        assertThat(watch.fired()).isFalse();
    }

    @Test
    void zeroTimeoutNeverFires() {
        try (IdleWatch watch = IdleWatch.start(Duration.ZERO, fired::incrementAndGet, "test-idle")) {
            await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> fired.get() == 0);
            assertThat(watch.fired()).isFalse();
        }
    }
}
