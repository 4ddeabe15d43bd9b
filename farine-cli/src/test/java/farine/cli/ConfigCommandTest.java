package farine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /**
     * Issue 24 item 6: every key is read at start as the plugin that owns it reads it, in every section, whether or not
     * an entry point of the service reads it later (the ticker is an @Execute loop: no RPC, no database, no stream), so
     * a bad value is exit 1 from {@code farine config} with or without {@code --start} (and from a start, which wires
     * the same way). One row per kind of value.
     */
    @ParameterizedTest(name = "[{0}] {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            ticker  | shutdown_timeout        | soon        | [ticker] shutdown_timeout = "soon": expected a duration
            ticker  | rpc_timeout             | 0           | [ticker] rpc_timeout = 0: must be a positive duration
            ticker  | publish_timeout         | 0           | [ticker] publish_timeout = 0 ms: must be positive
            ticker  | concurrency             | many        | [ticker] concurrency = "many": expected an integer
            ticker  | concurrency             | 0           | [ticker] concurrency = 0: must be at least 1
            ticker  | concurrency             | 70000       | [ticker] concurrency = 70000: must be between 1 and 65535
            ticker  | db_max_conn             | 0           | [ticker] db_max_conn = 0: the pool needs at least 1 connection
            ticker  | registry_interval       | 10ms        | [ticker] registry_interval = 10 ms is too short
            ticker  | enabled                 | perhaps     | [ticker] enabled = "perhaps": expected a boolean
            ticker  | confirm                 | perhaps     | [ticker] confirm = "perhaps": expected a boolean
            ticker  | rpc_callbacks           | callback    | [ticker] rpc_callbacks = callback: must be virtual_thread or reply_thread
            ticker  | type                    | tpoic       | [ticker] type = "tpoic": expected direct, topic, fanout or headers
            ticker  | queue_type              | stream      | [ticker] queue_type = "stream": expected classic or quorum
            ticker  | db_connector            | mysql       | [ticker] db_connector = "mysql": expected postgres or embedded
            ticker  | delivery_mode           | 3           | [ticker] delivery_mode = 3: must be 1 (transient) or 2 (persistent)
            ticker  | rpc_error_detail        | some        | [ticker] rpc_error_detail = some: must be full
            ticker  | amqp_uri                | http://x/   | [ticker] amqp_uri = "http://x/": not a valid amqp:// or amqps:// URI
            ticker  | db_url                  | mysql://h/d | [ticker] db_url = "mysql://h/d": expected jdbc:postgresql://
            ticker  | endpoint                | ftp://h/    | [ticker] endpoint = "ftp://h/" (for ticker) is not an http:// or https:// URL
            ticker  | restart_delay           | 0           | [ticker] restart_delay = 0: a failing @Execute method would restart in a busy loop
            other   | db_stale_timeout        | 1s          | [other] db_stale_timeout = 1s: must be at least 10 s
            DEFAULT | metrics_port            | 70000       | [DEFAULT] metrics_port = "70000": expected a port number
            DEFAULT | log_level               | loud        | [DEFAULT] log_level = "loud": expected one of
            DEFAULT | log_format              | xml         | [DEFAULT] log_format = "xml": expected one of
            """)
    void everyKindOfBadValueIsExitOneWithOrWithoutStart(String section, String key, String value, String message) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.ini"), "[" + section + "]\n" + key + " = " + value + "\n");

        Cli.Result all = new Cli(Map.of(), dir).run("config", "--config=" + file);
        Cli.Result started = new Cli(Map.of(), dir).run("config", "--config=" + file, "--start=farine.cli.fixtures.Ticker");

        assertThat(all.exitCode()).as(all.out() + all.err()).isEqualTo(1);
        assertThat(all.err()).contains("farine: " + message);
        assertThat(started.exitCode()).as(started.out() + started.err()).isEqualTo(1);
        assertThat(started.err()).contains("farine: " + message);
    }
}
