package farine.amqp.internal.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.ConfigException;
import farine.amqp.internal.Sections;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsumeSettingsTest {

    @Test
    void defaultsArePrefetch64ConcurrencyOneThreeRetriesFromOneSecond() {
        ConsumeSettings s = ConsumeSettings.from(Sections.of());
        assertThat(s).isEqualTo(new ConsumeSettings(64, 1, 3, Duration.ofSeconds(1)));
    }

    @Test
    void valuesAreReadFromTheSection() {
        ConsumeSettings s = ConsumeSettings.from(Sections.of("prefetch", "10", "concurrency", "4", "retries", "0", "retry_delay", "250ms"));
        assertThat(s).isEqualTo(new ConsumeSettings(10, 4, 0, Duration.ofMillis(250)));
    }

    @Test
    void aPlainRetryDelayIsInMilliseconds() {
        assertThat(ConsumeSettings.from(Sections.of("retry_delay", "50")).retryDelay()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void aMethodSpecificKeyWinsOverTheServiceWideOne() {
        ConsumeSettings s = ConsumeSettings.from(Sections.of("concurrency", "2", "created.concurrency", "8").scoped("created"));
        assertThat(s.concurrency()).isEqualTo(8);
    }

    @Test
    void prefetchIsRaisedToConcurrencySoThatEveryWorkerGetsWork() {
        assertThat(ConsumeSettings.from(Sections.of("prefetch", "2", "concurrency", "8")).prefetch()).isEqualTo(8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "prefetch|0|[orders] prefetch = 0: must be at least 1",
        "prefetch|-1|[orders] prefetch = -1: must be at least 1",
        "prefetch|many|[orders] prefetch = \"many\"",
        "concurrency|0|[orders] concurrency = 0: must be at least 1",
        "concurrency|1.5|[orders] concurrency = \"1.5\"",
        "retries|-1|[orders] retries = -1: must be at least 0",
        "retries|three|[orders] retries = \"three\"",
        "retry_delay|-5ms|[orders] retry_delay",
        "retry_delay|soon|[orders] retry_delay = \"soon\"",
    })
    void everyBadValueIsRejectedNamingSectionKeyAndValue(String key, String value, String message) {
        assertThatThrownBy(() -> ConsumeSettings.from(Sections.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }

    @Test
    void backoffDoublesFromTheRetryDelayUpToOneMinute() {
        ConsumeSettings s = ConsumeSettings.from(Sections.of("retry_delay", "100ms"));
        assertThat(s.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(s.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(s.backoff(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(s.backoff(11)).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.backoff(1000)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aZeroRetryDelayRetriesAtOnce() {
        assertThat(ConsumeSettings.from(Sections.of("retry_delay", "0")).backoff(5)).isZero();
    }

    @Test
    void aMessageIsRetriedUntilTheRetriesAreUsedUp() {
        ConsumeSettings s = ConsumeSettings.from(Sections.of("retries", "2"));
        assertThat(s.retryAgain(0)).isTrue();
        assertThat(s.retryAgain(1)).isTrue();
        assertThat(s.retryAgain(2)).isFalse();
        assertThat(ConsumeSettings.from(Sections.of("retries", "0")).retryAgain(0)).isFalse();
    }
}
