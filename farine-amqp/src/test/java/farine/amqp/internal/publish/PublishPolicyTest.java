package farine.amqp.internal.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.ConfigException;
import farine.amqp.internal.Sections;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublishPolicyTest {

    @Test
    void defaultsAreFiveRetriesThirtySecondsPersistentNotMandatory() {
        PublishPolicy p = PublishPolicy.from(Sections.of());
        assertThat(p).isEqualTo(new PublishPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(30), false, 2, true, 4096));
        assertThat(p).isEqualTo(PublishPolicy.defaults());
    }

    @Test
    void valuesAreReadFromTheSection() {
        PublishPolicy p = PublishPolicy.from(Sections.of("publish_retries", "2", "publish_retry_delay", "10ms",
                "publish_timeout", "3", "mandatory", "yes", "delivery_mode", "1", "serializer", "JSON", "max_unconfirmed", "64"));
        assertThat(p).isEqualTo(new PublishPolicy(2, Duration.ofMillis(10), Duration.ofSeconds(3), true, 1, true, 64));
    }

    @Test
    void retryFalseMeansNoRetries() {
        assertThat(PublishPolicy.from(Sections.of("retry", "false", "publish_retries", "7")).retries()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "publish_retries|-1|[orders] publish_retries = -1: must be 0 or more",
        "publish_retries|lots|[orders] publish_retries = \"lots\"",
        "retry|maybe|[orders] retry = \"maybe\"",
        "mandatory|sure|[orders] mandatory = \"sure\"",
        "delivery_mode|3|[orders] delivery_mode = 3: must be 1 (transient) or 2 (persistent)",
        "max_unconfirmed|0|[orders] max_unconfirmed = 0: must be at least 1 (messages awaiting the broker's confirm per publisher)",
        "delivery_mode|persistent|[orders] delivery_mode = \"persistent\"",
        "serializer|pickle|[orders] serializer = \"pickle\": only json is supported",
        "publish_timeout|0|[orders] publish_timeout = 0 ms: must be positive",
        "publish_timeout|forever|[orders] publish_timeout = \"forever\"",
        "publish_retry_delay|later|[orders] publish_retry_delay = \"later\"",
    })
    void everyBadValueIsRejectedNamingSectionKeyAndValue(String key, String value, String message) {
        assertThatThrownBy(() -> PublishPolicy.from(Sections.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }

    @Test
    void backoffDoublesUpToFiveSeconds() {
        PublishPolicy p = PublishPolicy.defaults();
        assertThat(p.backoff(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.backoff(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(p.backoff(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(p.backoff(10)).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.backoff(100)).isEqualTo(Duration.ofSeconds(5));
    }
}
