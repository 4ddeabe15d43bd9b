package farine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import farine.db.Migrations;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateCommandTest {

    @TempDir
    Path dir;

    @Test
    void withoutStartItIsAUsageError() {
        Cli.Result result = new Cli(Map.of(), dir).run("migrate");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required option: '--start=<target>'", "Try 'farine migrate --help'");
    }

    @Test
    void servicesWithoutADatabaseHaveNothingToMigrate() {
        Cli.Result result = new Cli(Map.of(), dir).run("migrate", "--start=farine.cli.fixtures.Ticker");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("nothing to migrate: no service of farine.cli.fixtures.Ticker uses a database");
    }

    @Test
    void anUnknownModuleExitsOne() {
        Cli.Result result = new Cli(Map.of(), dir).run("migrate", "--start=no.such.module");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("no service found for --start=no.such.module");
    }

    @Test
    void describesWhatEachRunDid() {
        assertThat(MigrateCommand.describe(new Migrations.Result("ledger", "h:5432/db as u", List.of("classpath:db/migration"), 2, "2")))
                .isEqualTo("migrated h:5432/db as u (service ledger): applied 2 migration(s), schema version 2");
        assertThat(MigrateCommand.describe(new Migrations.Result("ledger", "h:5432/db as u", List.of("classpath:db/migration"), 0, "2")))
                .isEqualTo("migrated h:5432/db as u (service ledger): up to date, schema version 2");
        assertThat(MigrateCommand.describe(new Migrations.Result("ledger", "h:5432/db as u", List.of("filesystem:/x"), 0, "")))
                .isEqualTo("migrated h:5432/db as u (service ledger): no migrations found in filesystem:/x");
    }
}
