package farine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.Config;
import farine.ConfigException;
import farine.ConfigSection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IniConfigTest {

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("farine.ini");
        Files.writeString(file, text);
        return file;
    }

    private Config load(String text) throws IOException {
        return Config.load(write(text), Map.of());
    }

    @Test
    void readsTheFileAsPythonsRawConfigParserDoes() throws IOException {
        Config config = load("""
                ; a comment
                # another comment
                [Greeting]
                AMQP_URI = amqp://guest:guest@localhost/
                path: C:\\temp
                pattern = a\\d+
                empty =
                percent = 100%(x)s
                """);

        ConfigSection greeting = config.section("Greeting");
        assertThat(config.sections()).containsExactly("Greeting");
        assertThat(greeting.get("amqp_uri")).contains("amqp://guest:guest@localhost/");
        assertThat(greeting.get("AMQP_URI")).contains("amqp://guest:guest@localhost/");
        assertThat(greeting.get("path")).contains("C:\\temp");
        assertThat(greeting.get("pattern")).contains("a\\d+");
        assertThat(greeting.get("empty")).contains("");
        assertThat(greeting.get("percent")).contains("100%(x)s");
        assertThat(config.section("greeting").get("path")).as("section names keep their case").isEmpty();
    }

    @Test
    void sectionsAreListedInFileOrderWithoutDefault() throws IOException {
        Config config = load("[b]\n[DEFAULT]\nx = 1\n[a]\n[C]\n");
        assertThat(config.sections()).containsExactly("b", "a", "C");
    }

    @Test
    void everySectionInheritsDefaultAndMayOverrideIt() throws IOException {
        Config config = load("""
                [DEFAULT]
                amqp_uri = amqp://default/
                durable = true
                [greeting]
                durable = false
                """);

        assertThat(config.section("greeting").get("amqp_uri")).contains("amqp://default/");
        assertThat(config.section("greeting").bool("durable", true)).isFalse();
        assertThat(config.section("greeting").keys()).containsExactlyInAnyOrder("amqp_uri", "durable");
        assertThat(config.section("absent").get("amqp_uri")).as("a missing section gets [DEFAULT]").contains("amqp://default/");
        assertThat(config.section("greeting").source("amqp_uri")).endsWith("farine.ini [DEFAULT]");
        assertThat(config.section("greeting").source("durable")).endsWith("farine.ini [greeting]");
        assertThat(config.section("greeting").source("nothing")).isEqualTo("default");
    }

    @Test
    void environmentOverridesSectionAndDefault() throws IOException {
        Path file = write("""
                [DEFAULT]
                db_port = 5432
                [greeting]
                amqp_uri = amqp://file/
                """);
        Config config = Config.load(file, Map.of(
                "FARINE_GREETING_AMQP_URI", "amqp://env/",
                "FARINE_DEFAULT_DB_PORT", "6543",
                "FARINE_MY_SERVICE_DB_NAME", "orders",
                "FARINE_OTHER_DB_NAME", "not mine"));

        ConfigSection greeting = config.section("greeting");
        assertThat(greeting.get("amqp_uri")).contains("amqp://env/");
        assertThat(greeting.source("amqp_uri")).isEqualTo("env FARINE_GREETING_AMQP_URI");
        assertThat(greeting.integer("db_port", 0)).isEqualTo(6543);
        assertThat(config.section("my-service").get("db_name")).as("non-alphanumerics become _").contains("orders");
        assertThat(config.section("my-service").keys()).contains("db_name", "db_port").doesNotContain("amqp_uri");
        assertThat(greeting.keys()).doesNotContain("db_name");
    }

    @Test
    void aSectionValueBeatsADefaultFromTheEnvironment() throws IOException {
        Config config = Config.load(write("[greeting]\ndb_port = 1\n"), Map.of("FARINE_DEFAULT_DB_PORT", "2"));
        assertThat(config.section("greeting").get("db_port")).contains("1");
        assertThat(config.section("other").get("db_port")).contains("2");
    }

    @Test
    void withOverrideBeatsEverythingAndLeavesTheOriginalAlone() throws IOException {
        Config config = Config.load(write("[greeting]\nwait = no\n"), Map.of("FARINE_GREETING_WAIT", "maybe"));
        Config overridden = config.withOverride("WAIT", "yes", "--wait-for-broker");

        assertThat(overridden.section("greeting").bool("wait", false)).isTrue();
        assertThat(overridden.section("greeting").source("wait")).isEqualTo("--wait-for-broker");
        assertThat(overridden.section("anything").get("wait")).contains("yes");
        assertThat(config.section("greeting").get("wait")).contains("maybe");
    }

    @Test
    void anIndentedContinuationLineIsAClearErrorNamingFileAndLine() throws IOException {
        Path file = write("""
                [greeting]
                db_password = first
                  second
                """);
        assertThatThrownBy(() -> Config.load(file, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot parse " + file + " line 3 in [greeting]: an indented line continues the previous value")
                .hasMessageNotContaining("second");
    }

    @Test
    void indentedCommentsAndBlankLinesAreFine() throws IOException {
        Config config = load("[greeting]\n  ; an indented comment\n   \nkey = value\n");
        assertThat(config.section("greeting").get("key")).contains("value");
    }

    @Test
    void aKeyOutsideAnySectionIsAClearError() throws IOException {
        Path file = write("amqp_uri = amqp://x/\n[greeting]\n");
        assertThatThrownBy(() -> Config.load(file, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot parse " + file).hasMessageContaining("line: 1")
                .hasMessageContaining("inside a [section]");
    }

    @Test
    void aMissingFileIsAClearError() {
        Path missing = dir.resolve("nope.ini");
        assertThatThrownBy(() -> Config.load(missing, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot read " + missing);
    }

    @Test
    void locateTakesFarineIniFromTheEnvironmentFirst() throws IOException {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/farine.ini"), "[x]\n");
        assertThat(Config.locate(Map.of("FARINE_INI", "/some/where.ini"), dir)).contains(Path.of("/some/where.ini"));
    }

    @Test
    void locateThenTakesEtcFarineIniUnderTheWorkingDirectory() throws IOException {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/farine.ini"), "[x]\n");
        assertThat(Config.locate(Map.of("FARINE_INI", " "), dir)).contains(dir.resolve("etc/farine.ini"));
    }

    @Test
    void locateFallsBackToTheSystemFile() {
        Path system = Path.of("/etc/farine.ini");
        Optional<Path> expected = Files.isRegularFile(system) ? Optional.of(system) : Optional.empty();
        assertThat(Config.locate(Map.of(), dir)).isEqualTo(expected);
    }

    @Test
    void anInMemoryConfigLowerCasesKeysAndInheritsDefault() {
        Config config = Config.of(Map.of("DEFAULT", Map.of("Shared", "1"), "svc", Map.of("Own", "2")));
        assertThat(config.section("svc").get("shared")).contains("1");
        assertThat(config.section("svc").get("own")).contains("2");
        assertThat(config.origin()).isEqualTo("(in memory)");
        assertThat(Config.empty().section("x").keys()).isEmpty();
    }

    @Test
    void envNameUpperCasesAndReplacesOtherCharacters() {
        assertThat(IniConfig.envName("my-service", "hello.concurrency")).isEqualTo("FARINE_MY_SERVICE_HELLO_CONCURRENCY");
    }

    @Test
    void aLineWithoutEqualsIsAParseErrorNamingTheLineAsRawConfigParserRefusesIt() throws IOException {
        Path file = write("[DEFAULT]\nshutdown_timeout = 5s\n\n[demo]\nconcurrency 4\n");

        assertThatThrownBy(() -> Config.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("cannot parse " + file + " line 5 in [demo]: 'concurrency 4' is not key = value (each line is a [section],"
                        + " a key = value, or a comment starting with ; or #)");
    }

    @Test
    void aColonSeparatesKeyAndValueAsInRawConfigParser() throws IOException {
        assertThat(load("[demo]\nconcurrency: 4\n").section("demo").integer("concurrency", 1)).isEqualTo(4);
    }

    @Test
    void aBareNumberForADurationIsReadInTheKeysUnitAndSaidOnce() throws IOException {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(IniSection.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log = new ch.qos.logback.core.read.ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            farine.ConfigSection demo = load("[demo]\nrpc_timeout = 5\nretry_delay = 250\nshutdown_timeout = 10s\n").section("demo");

            assertThat(demo.duration("rpc_timeout", java.time.Duration.ZERO, java.time.temporal.ChronoUnit.SECONDS)).hasSeconds(5);
            assertThat(demo.duration("rpc_timeout", java.time.Duration.ZERO, java.time.temporal.ChronoUnit.SECONDS)).hasSeconds(5);
            assertThat(demo.duration("retry_delay", java.time.Duration.ZERO, java.time.temporal.ChronoUnit.MILLIS)).hasMillis(250);
            assertThat(demo.duration("shutdown_timeout", java.time.Duration.ZERO, java.time.temporal.ChronoUnit.SECONDS)).hasSeconds(10);

            assertThat(log.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).containsExactly(
                    "[demo] rpc_timeout = 5 has no unit: read as 5 s; write 5s to say so",
                    "[demo] retry_delay = 250 has no unit: read as 250 ms; write 250ms to say so");
        } finally {
            logger.detachAppender(log);
        }
    }
}
