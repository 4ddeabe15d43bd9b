package farine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.Config;
import farine.ConfigException;
import farine.ConfigSection;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IniSectionTest {

    private static ConfigSection section(String key, String value) {
        return Config.of(Map.of("svc", Map.of(key, value))).section("svc");
    }

    @ParameterizedTest
    @CsvSource({"true,true", "TRUE,true", "yes,true", "on,true", "1,true", "false,false", "No,false", "off,false", "0,false"})
    void booleansAcceptTheUsualSpellings(String raw, boolean expected) {
        assertThat(section("flag", raw).bool("flag", !expected)).isEqualTo(expected);
    }

    @Test
    void aBadBooleanNamesSectionKeyValueAndSource() {
        assertThatThrownBy(() -> section("durable", "sure").bool("durable", true)).isInstanceOf(ConfigException.class)
                .hasMessage("[svc] durable = \"sure\": expected a boolean (true/false, yes/no, on/off, 1/0) (from (in memory) [svc])");
    }

    @Test
    void missingAndBlankValuesTakeTheDefault() {
        ConfigSection blank = section("x", "  ");
        assertThat(blank.bool("x", true)).isTrue();
        assertThat(blank.integer("x", 7)).isEqualTo(7);
        assertThat(blank.longValue("x", 8L)).isEqualTo(8L);
        assertThat(blank.duration("x", Duration.ofSeconds(3), ChronoUnit.SECONDS)).isEqualTo(Duration.ofSeconds(3));
        assertThat(blank.string("missing", "fallback")).isEqualTo("fallback");
    }

    @Test
    void integersParse() {
        assertThat(section("db_port", " 5432 ").integer("db_port", 0)).isEqualTo(5432);
        assertThat(section("n", "-3").integer("n", 0)).isEqualTo(-3);
        assertThat(section("n", "9999999999").longValue("n", 0)).isEqualTo(9_999_999_999L);
    }

    @Test
    void aBadIntegerNamesSectionKeyAndValue() {
        assertThatThrownBy(() -> section("db_port", "abc").integer("db_port", 5432)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("[svc] db_port = \"abc\": expected an integer");
        assertThatThrownBy(() -> section("n", "1.5").longValue("n", 0)).hasMessageStartingWith("[svc] n = \"1.5\": expected an integer");
    }

    @Test
    void anIntegerOutOfRangeIsRejected() {
        assertThatThrownBy(() -> section("n", "9999999999").integer("n", 0))
                .hasMessageStartingWith("[svc] n = \"9999999999\": expected an integer between -2147483648 and 2147483647");
    }

    @ParameterizedTest
    @CsvSource({"500ms,500", "5s,5000", "5 s,5000", "1.5s,1500", "2m,120000", "1h,3600000", "1d,86400000", "7,7000", "0,0", "5S,5000"})
    void durationsTakeAUnitOrTheKeysPlainUnit(String raw, long millis) {
        assertThat(section("t", raw).duration("t", Duration.ZERO, ChronoUnit.SECONDS)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void aPlainNumberIsReadInTheDocumentedUnit() {
        assertThat(section("t", "250").duration("t", Duration.ZERO, ChronoUnit.MILLIS)).isEqualTo(Duration.ofMillis(250));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-5s", "5 seconds", "ms", "1,5s"})
    void aBadDurationNamesSectionKeyValueAndThePlainUnit(String raw) {
        assertThatThrownBy(() -> section("t", raw).duration("t", Duration.ZERO, ChronoUnit.SECONDS)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("[svc] t = \"" + raw + "\": expected a duration such as 500ms, 5s, 2m or 1h (a plain number is in seconds)");
    }

    @Test
    void aDurationTooLongIsRejectedRatherThanWrappedAround() {
        assertThatThrownBy(() -> section("t", "999999999999999h").duration("t", Duration.ZERO, ChronoUnit.SECONDS))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("[svc] t = \"999999999999999h\": expected a duration of at most");
    }

    @Test
    void requiredSaysWhereTheKeyMayBeSet() {
        assertThat(section("amqp_uri", "amqp://x/").required("amqp_uri")).isEqualTo("amqp://x/");
        assertThatThrownBy(() -> Config.empty().section("greeting").required("amqp_uri")).isInstanceOf(ConfigException.class)
                .hasMessage("[greeting] amqp_uri is required but not set (in (in memory), [DEFAULT] or env FARINE_GREETING_AMQP_URI)");
        assertThatThrownBy(() -> section("amqp_uri", " ").required("amqp_uri")).hasMessageContaining("is required");
    }

    @Test
    void secretsAreMaskedInBadValueMessages() {
        assertThatThrownBy(() -> section("db_password", "hunter2").integer("db_password", 0))
                .hasMessageStartingWith("[svc] db_password = \"****\": expected an integer").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> section("amqp_uri", "amqp://bob:hunter2@host/").bool("amqp_uri", false))
                .hasMessageStartingWith("[svc] amqp_uri = \"amqp://bob:****@host/\"").hasMessageNotContaining("hunter2");
    }

    @Test
    void aScopedSectionLooksUpTheMethodKeyFirst() {
        ConfigSection svc = Config.of(Map.of("svc", Map.of("concurrency", "4", "hello.concurrency", "8", "hello.bad", "x"))).section("svc");
        assertThat(svc.scoped("hello").integer("concurrency", 1)).isEqualTo(8);
        assertThat(svc.scoped("HELLO").integer("CONCURRENCY", 1)).isEqualTo(8);
        assertThat(svc.scoped("other").integer("concurrency", 1)).isEqualTo(4);
        assertThat(svc.scoped("hello").name()).isEqualTo("svc");
        assertThatThrownBy(() -> svc.scoped("hello").integer("BAD", 0)).hasMessageStartingWith("[svc] hello.bad = \"x\"");
    }
}
