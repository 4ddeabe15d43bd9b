package farine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {

    @TempDir
    Path dir;

    private static final String INI = """
            [DEFAULT]
            amqp_uri = amqp://app:s3cr3t@broker.example:5672/prod
            shutdown_timeout = 10s

            [ticker]
            db_password = hunter2
            interval = 1s
            colour = blue
            """;

    @Test
    void showsEachServiceValueWithItsSourceAndMasksSecrets() throws IOException {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/farine.ini"), INI);
        Cli cli = new Cli(Map.of("FARINE_TICKER_INTERVAL", "250ms"), dir);

        Cli.Result result = cli.run("config", "--start=farine.cli.fixtures.Ticker");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("[ticker]")
                .containsPattern("amqp_uri = amqp://app:\\*\\*\\*\\*@broker.example:5672/prod +; .*etc/farine.ini \\[DEFAULT]")
                .containsPattern("db_password = \\*\\*\\*\\* +; .*etc/farine.ini \\[ticker]")
                .containsPattern("interval = 250ms +; env FARINE_TICKER_INTERVAL\n")
                .containsPattern("shutdown_timeout = 10s +; .*etc/farine.ini \\[DEFAULT]\n")
                .containsPattern("colour = blue +; .*etc/farine.ini \\[ticker], unknown key")
                .containsPattern("; default: .*restart_delay")
                .doesNotContain("s3cr3t", "hunter2");
    }

    @Test
    void withoutStartShowsEverySectionOfTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("my.ini"), INI + "\n[other]\ntype = topic\n");

        Cli.Result result = new Cli(Map.of(), dir).run("config", "--config=" + file);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("; farine configuration from " + file, "[DEFAULT]", "[ticker]", "[other]")
                .containsPattern("type = topic +; .*my.ini \\[other]")
                .doesNotContain("s3cr3t", "hunter2");
    }

    @Test
    void withoutAnyFileShowsDefaultsAndEnvironment() {
        Cli cli = new Cli(Map.of("FARINE_DEFAULT_AMQP_URI", "amqp://u:pw@h/"), dir);

        Cli.Result result = cli.run("config", "--start=farine.cli.fixtures.Ticker");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("from (no file)")
                .containsPattern("amqp_uri = amqp://u:\\*\\*\\*\\*@h/ +; env FARINE_DEFAULT_AMQP_URI")
                .doesNotContain(":pw@");
    }

    @Test
    void aNewlineInAnEnvironmentValuePrintsNoForgedLineAndEverySecretByOneRuleIsMasked() {
        Cli cli = new Cli(Map.of(
                "FARINE_TICKER_NOTE", "1s\n[admin]\npassword = none\u001b[2J",
                "FARINE_TICKER_DB_URL", "postgresql://db/x?sslmode=require&sslpassword=k3y",
                "FARINE_TICKER_ENDPOINT", "https://h/events?access_token=t0k&api_key=ap1&topic=a",
                "FARINE_TICKER_API_KEY", "ap2",
                "FARINE_TICKER_OAUTH_CREDENTIALS", "cr3d",
                "FARINE_TICKER_RPC_TOKEN", "t0ken5"), dir);

        Cli.Result result = cli.run("config", "--start=farine.cli.fixtures.Ticker");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).doesNotContain("\n[admin]", "\u001b")
                .contains("note = 1s\\n[admin]\\npassword = none\\u001b[2J")
                .contains("db_url = postgresql://db/x?sslmode=require&sslpassword=****")
                .contains("endpoint = https://h/events?access_token=****&api_key=****&topic=a")
                .containsPattern("api_key = \\*\\*\\*\\* ")
                .containsPattern("oauth_credentials = \\*\\*\\*\\* ")
                .containsPattern("rpc_token = \\*\\*\\*\\* ")
                .doesNotContain("k3y", "t0k", "ap1", "ap2", "cr3d");
    }

    @Test
    void aBadValueIsAnErrorAsAtStartAndAMisspeltSectionIsSaid() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.ini"), "[ticker]\nshutdown_timeout = soon\n");
        Path misspelt = Files.writeString(dir.resolve("misspelt.ini"), "[tikcer]\ninterval = 1s\n");

        Cli.Result refused = new Cli(Map.of(), dir).run("config", "--config=" + bad, "--start=farine.cli.fixtures.Ticker");
        Cli.Result warned = new Cli(Map.of(), dir).run("config", "--config=" + misspelt, "--start=farine.cli.fixtures.Ticker");

        assertThat(refused.exitCode()).as(refused.out()).isEqualTo(1);
        assertThat(refused.err()).contains("farine: [ticker] shutdown_timeout = \"soon\": expected a duration");
        assertThat(warned.exitCode()).as(warned.err()).isZero();
        assertThat(warned.out()).contains("; warning: [tikcer] names no service here: did you mean [ticker]?");
    }
}
