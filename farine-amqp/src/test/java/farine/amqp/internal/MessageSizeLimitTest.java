package farine.amqp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.amqp.spi.MessageSizeLimit;
import farine.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageSizeLimitTest {

    @Test
    void theDefaultIsEightMebibytes() {
        assertThat(MessageSizeLimit.from(Sections.of()).bytes()).isEqualTo(8L * 1024 * 1024);
    }

    @Test
    void aPlainIntegerIsBytes() {
        assertThat(MessageSizeLimit.from(Sections.of("max_message_size", "1048576")).bytes()).isEqualTo(1_048_576);
        assertThat(MessageSizeLimit.from(Sections.of("max_message_size", " 1 ")).bytes()).isEqualTo(1);
    }

    @Test
    void aMethodSpecificKeyWinsOverTheServiceWideOne() {
        MessageSizeLimit limit = MessageSizeLimit.from(
                Sections.of("max_message_size", "1000", "upload.max_message_size", "50000").scoped("upload"));
        assertThat(limit.bytes()).isEqualTo(50_000);
    }

    @Test
    void aBodyIsRefusedOnlyAboveTheLimit() {
        MessageSizeLimit limit = new MessageSizeLimit(100);
        assertThat(limit.exceededBy(100)).isFalse();
        assertThat(limit.exceededBy(101)).isTrue();
        assertThat(limit.reason(101)).isEqualTo("message of 101 bytes exceeds max_message_size = 100 bytes");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|[orders] max_message_size = 0: must be at least 1",
        "-5|[orders] max_message_size = -5: must be at least 1",
        "big|[orders] max_message_size = \"big\": expected an integer",
        "1.5|[orders] max_message_size = \"1.5\": expected an integer",
    })
    void aBadValueIsRejectedNamingSectionKeyAndValue(String value, String message) {
        assertThatThrownBy(() -> MessageSizeLimit.from(Sections.of("max_message_size", value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }
}
