package farine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import farine.internal.ExecuteEntrypoint.Restarts;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration QUICK = Duration.ofMillis(1);

    /** Jitter takes up to 20% off the nominal delay, never adds to it. */
    private static void assertAround(Duration actual, long nominalMillis) {
        assertThat(actual.toMillis()).isBetween(nominalMillis - nominalMillis / 5, nominalMillis);
    }

    @RepeatedTest(20)
    void delaysDoubleFromTheInitialDelayUpToTheCap() {
        Restarts backoff = new Restarts(Duration.ofMillis(100), Duration.ofMillis(1000));
        assertAround(backoff.next(QUICK), 100);
        assertAround(backoff.next(QUICK), 200);
        assertAround(backoff.next(QUICK), 400);
        assertAround(backoff.next(QUICK), 800);
        assertAround(backoff.next(QUICK), 1000);
        assertAround(backoff.next(QUICK), 1000);
        assertThat(backoff.failures()).isEqualTo(6);
    }

    @Test
    void aRunLongerThanTheCapResetsTheBackoff() {
        Restarts backoff = new Restarts(Duration.ofMillis(100), Duration.ofMillis(1000));
        backoff.next(QUICK);
        backoff.next(QUICK);
        backoff.next(QUICK);
        assertAround(backoff.next(Duration.ofSeconds(2)), 100);
        assertThat(backoff.failures()).isOne();
    }

    @Test
    void resetStartsOverFromTheInitialDelay() {
        Restarts backoff = new Restarts(Duration.ofMillis(100), Duration.ofMillis(1000));
        backoff.next(QUICK);
        backoff.next(QUICK);
        backoff.reset();
        assertAround(backoff.next(QUICK), 100);
    }

    @Test
    void manyFailuresNeverOverflowPastTheCap() {
        Restarts backoff = new Restarts(Duration.ofSeconds(1), Duration.ofMinutes(1));
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.next(QUICK)).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
        }
    }
}
