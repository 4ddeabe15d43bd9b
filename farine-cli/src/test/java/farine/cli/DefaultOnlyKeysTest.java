package farine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import farine.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultOnlyKeysTest {

    @Test
    void aProcessWideKeyInAServiceSectionIsReported(@TempDir Path dir) throws Exception {
        Path ini = Files.writeString(dir.resolve("farine.ini"), """
                [DEFAULT]
                log_format = json
                [greeting]
                log_level = DEBUG
                metrics_port = 9400
                concurrency = 4
                [orders]
                """);
        Config config = Config.load(ini, Map.of("FARINE_ORDERS_OPENTELEMETRY", "true"));

        assertThat(DefaultOnlyKeys.misplaced(config)).containsExactlyInAnyOrder(
                "[greeting] log_level = DEBUG is ignored (from " + ini + " [greeting]): log_level is read from [DEFAULT] only,"
                        + " one value for the whole process; move it there, or set FARINE_DEFAULT_LOG_LEVEL",
                "[greeting] metrics_port = 9400 is ignored (from " + ini + " [greeting]): metrics_port is read from [DEFAULT] only,"
                        + " one value for the whole process; move it there, or set FARINE_DEFAULT_METRICS_PORT",
                "[orders] opentelemetry = true is ignored (from env FARINE_ORDERS_OPENTELEMETRY): opentelemetry is read from [DEFAULT] only,"
                        + " one value for the whole process; move it there, or set FARINE_DEFAULT_OPENTELEMETRY");
    }

    @Test
    void inheritedEnvironmentAndCommandLineValuesAreFine(@TempDir Path dir) throws Exception {
        Path ini = Files.writeString(dir.resolve("farine.ini"), """
                [DEFAULT]
                log_level = WARN
                [greeting]
                """);
        Config config = Config.load(ini, Map.of("FARINE_DEFAULT_LOG_FORMAT", "json")).withOverride("metrics_port", "9400", "--metrics-port");

        assertThat(DefaultOnlyKeys.misplaced(config)).isEmpty();
    }
}
