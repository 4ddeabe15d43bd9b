package farine.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReconnectTest {

    private static final Duration RETRY = Duration.ofMillis(1000);
    private static final Duration MAX = Duration.ofSeconds(60);

    /** Jitter always at the low end (0) or the high end (bound - 1). */
    private static RandomGenerator fixed(boolean high) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public long nextLong(long bound) {
                return high ? bound - 1 : 0;
            }
        };
    }

    @Test
    void afterAConnectionThatDeliveredEventsTheWaitIsTheServersReconnectionTime() {
        Reconnect reconnect = new Reconnect(MAX, fixed(true));

        assertThat(reconnect.next(false, RETRY, null)).isEqualTo(RETRY);
        assertThat(reconnect.next(false, Duration.ofMillis(150), null)).isEqualTo(Duration.ofMillis(150));
        assertThat(reconnect.failures()).isZero();
    }

    @Test
    void firstFailureWaitsTheReconnectionTimeThenEachFailureDoublesWithinTheUpperHalf() {
        Reconnect low = new Reconnect(MAX, fixed(false));
        Reconnect high = new Reconnect(MAX, fixed(true));

        assertThat(low.next(true, RETRY, null)).isEqualTo(RETRY);
        assertThat(high.next(true, RETRY, null)).isEqualTo(RETRY);
        // failure n waits between half of and all of retry * 2^(n-1), never below retry
        long[] full = {2000, 4000, 8000, 16000, 32000};
        for (long f : full) {
            assertThat(low.next(true, RETRY, null)).isEqualTo(Duration.ofMillis(Math.max(f / 2, 1000)));
            assertThat(high.next(true, RETRY, null)).isEqualTo(Duration.ofMillis(f));
        }
        assertThat(high.failures()).isEqualTo(6);
    }

    @Test
    void backoffIsCappedAtTheMaximumDelay() {
        Reconnect high = new Reconnect(Duration.ofSeconds(5), fixed(true));

        for (int i = 0; i < 100; i++) {
            assertThat(high.next(true, RETRY, null)).isLessThanOrEqualTo(Duration.ofSeconds(5));
        }
        assertThat(high.next(true, RETRY, null)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void jitterSpreadsTheWaitsOfManyListeners() {
        long distinct = IntStream.range(0, 50).mapToObj(i -> {
            Reconnect r = new Reconnect(MAX, new SplittableRandom(i));
            r.next(true, RETRY, null);
            r.next(true, RETRY, null);
            return r.next(true, RETRY, null); // third failure: between 2 s and 4 s
        }).peek(wait -> assertThat(wait).isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000))).distinct().count();

        assertThat(distinct).isGreaterThan(10);
    }

    @Test
    void aServerReconnectionTimeAboveTheCapIsStillHonoured() {
        Reconnect reconnect = new Reconnect(Duration.ofSeconds(1), fixed(false));
        Duration slow = Duration.ofSeconds(10);

        for (int i = 0; i < 5; i++) {
            assertThat(reconnect.next(true, slow, null)).isEqualTo(slow);
        }
    }

    @Test
    void retryZeroBacksOffFromAMinimumSoThatFailuresDoNotSpin() {
        Reconnect reconnect = new Reconnect(MAX, fixed(true));

        assertThat(reconnect.next(true, Duration.ZERO, null)).isEqualTo(Duration.ZERO);
        assertThat(reconnect.next(true, Duration.ZERO, null)).isEqualTo(Duration.ofMillis(200));
        assertThat(reconnect.next(true, Duration.ZERO, null)).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void retryAfterLongerThanTheBackoffWins() {
        Reconnect reconnect = new Reconnect(MAX, fixed(true));

        assertThat(reconnect.next(true, RETRY, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
        assertThat(reconnect.next(true, RETRY, Duration.ZERO)).isEqualTo(Duration.ofMillis(2000));
    }

    @Test
    void aSuccessfulConnectionResetsTheBackoff() {
        Reconnect reconnect = new Reconnect(MAX, fixed(true));
        for (int i = 0; i < 5; i++) {
            reconnect.next(true, RETRY, null);
        }

        assertThat(reconnect.next(false, RETRY, null)).isEqualTo(RETRY);
        assertThat(reconnect.failures()).isZero();
        assertThat(reconnect.next(true, RETRY, null)).isEqualTo(RETRY);
        assertThat(reconnect.next(true, RETRY, null)).isEqualTo(Duration.ofMillis(2000));
    }
}
