package farine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path dir;

    private Cli cli() {
        return new Cli(Map.of(), dir);
    }

    private Path ini(String text) throws IOException {
        return Files.writeString(dir.resolve("farine.ini"), text);
    }

    @Test
    void helpListsTheOptionsAndEveryExitStatus() {
        Cli.Result result = cli().run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("--start", "--classpath", "--config", "--wait-for-broker", "--log-level",
                "Exit status:", "FARINE_CLASSPATH", "FARINE_INI", "config")
                .containsPattern("0 +stopped normally").containsPattern("1 +startup or configuration error")
                .containsPattern("2 +usage error").containsPattern("3 +a service died");
    }

    @Test
    void versionNamesFarineAndTheJavaRuntime() {
        Cli.Result result = cli().run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).containsPattern("farine \\d+\\.\\d+\\.\\d+").contains("Java " + Runtime.version().feature());
    }

    @Test
    void unknownOptionIsAUsageError() {
        Cli.Result result = cli().run("--start=x", "--frobnicate");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void aUsageErrorPrintsTheErrorASuggestionAndOneHintNotTheWholeHelp() {
        Cli.Result result = cli().run("--strat=x");
        Cli.Result call = cli().run("call", "greeting");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("farine: Unknown option: '--strat=x'", "--start",
                "Try 'farine --help' for the options and examples.").doesNotContain("Usage:", "Exit status:");
        assertThat(result.err().lines().count()).isLessThanOrEqualTo(4);
        assertThat(call.exitCode()).isEqualTo(2);
        assertThat(call.err()).contains("Missing required parameter", "Try 'farine call --help'").doesNotContain("Usage:");
    }

    @Test
    void aMisspelledSubcommandIsSuggestedThoughAServiceRunIsParsedWithoutTheSubcommands() {
        Cli.Result result = cli().run("cal", "greeting", "hello");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("farine: Unmatched arguments from index 0: 'cal', 'greeting', 'hello'",
                "Did you mean: farine call?");
    }

    @Test
    void helpIsACommandToo() {
        Cli.Result help = cli().run("help");
        Cli.Result helpCall = cli().run("help", "call");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: farine", "Examples:", "farine call greeting hello Ada");
        assertThat(helpCall.exitCode()).isZero();
        assertThat(helpCall.out()).contains("Usage: farine call", "--stream");
    }

    @Test
    void missingStartIsAUsageError() {
        Cli.Result result = cli().run();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required option: '--start=<target>'");
    }

    @Test
    void badLogLevelOptionIsAUsageError() {
        Cli.Result result = cli().run("--start=x", "--log-level=loud");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'loud' is not a log level");
    }

    @Test
    void badWaitForBrokerIsAUsageError() {
        Cli.Result result = cli().run("--start=x", "--wait-for-broker=soon");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'soon' is not a duration");
    }

    @Test
    void startOfAMissingPackageExitsOneSayingWhatWasSearchedWhere() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));

        Cli.Result result = cli().run("--start=no.such.pkg", "--classpath=" + classes);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("no service found for --start=no.such.pkg", "@Execute", "searched",
                "user classpath: " + classes + " (--classpath)");
    }

    @Test
    void missingClasspathEntryExitsOneNamingIt() {
        Cli.Result result = cli().run("--start=farine.cli.fixtures.Ticker", "--classpath=lib/*");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("classpath entry lib/*", "is not a directory");
    }

    @Test
    void badIniValueExitsOneNamingSectionKeyAndValue() throws IOException {
        Path file = ini("[ticker]\nenabled = maybe\n");

        Cli.Result result = cli().run("--start=farine.cli.fixtures.Ticker", "--config=" + file);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("[ticker] enabled = \"maybe\": expected a boolean");
    }

    @Test
    void badIniLogLevelExitsOneNamingDefaultSection() throws IOException {
        Path file = ini("[DEFAULT]\nlog_level = chatty\n");

        Cli.Result result = cli().run("--start=farine.cli.fixtures.Ticker", "--config=" + file);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("[DEFAULT] log_level = \"chatty\": expected one of [TRACE, DEBUG, INFO, WARN, ERROR]");
    }

    @Test
    void missingConfigFileExitsOneNamingIt() {
        Cli.Result result = cli().run("--start=farine.cli.fixtures.Ticker", "--config=nowhere.ini");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains(dir.resolve("nowhere.ini") + " does not exist (given by --config)");
    }

    @Test
    void aConfigThatIsADirectoryOrADeviceIsNamedAsSuch() {
        Cli.Result directory = cli().run("--start=farine.cli.fixtures.Ticker", "--config=.");
        assertThat(directory.exitCode()).isEqualTo(1);
        assertThat(directory.err()).contains(" is a directory, not a file (given by --config)");
        Cli.Result device = cli().run("--start=farine.cli.fixtures.Ticker", "--config=/dev/null");
        assertThat(device.exitCode()).isEqualTo(1);
        assertThat(device.err()).contains("/dev/null is not a regular file (a device or a pipe?) (given by --config)");
    }

    @Test
    void configFileFromFarineIniThatDoesNotExistExitsOne() {
        Cli.Result result = new Cli(Map.of("FARINE_INI", "/no/such/farine.ini"), dir)
                .run("--start=farine.cli.fixtures.Ticker");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("/no/such/farine.ini does not exist (given by FARINE_INI)");
    }

    @Test
    void aServiceThatCannotBeWiredExitsOneWithTheReason() throws IOException {
        Path file = ini("[ticker]\nenabled = true\n[DEFAULT]\nshutdown_timeout = 1s\n");

        Cli.Result result = cli().run("--start=farine.cli.fixtures.Ticker", "--start=farine.cli.MainTest", "--config=" + file);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("farine.cli.MainTest is a class but not a service");
    }
}
