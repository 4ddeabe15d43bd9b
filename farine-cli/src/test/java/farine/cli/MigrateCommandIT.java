package farine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import farine.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code farine migrate} against the test PostgreSQL, in a schema of its own. */
class MigrateCommandIT {

    private final String schema = "farine_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @TempDir
    Path dir;

    @AfterEach
    void dropSchema() throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private Cli cli(Path scripts) {
        return new Cli(Map.of("FARINE_LEDGER_DB_URL", TestDatabase.jdbcUrl(), "FARINE_LEDGER_DB_SCHEMA", schema,
                "FARINE_LEDGER_DB_MIGRATIONS", "filesystem:" + scripts), dir);
    }

    private Path scripts(String... nameAndSql) throws IOException {
        Path scripts = Files.createDirectories(dir.resolve("migrations"));
        for (int i = 0; i < nameAndSql.length; i += 2) {
            Files.writeString(scripts.resolve(nameAndSql[i]), nameAndSql[i + 1]);
        }
        return scripts;
    }

    @Test
    void appliesTheScriptsOnceAndThenSaysUpToDate() throws Exception {
        Path scripts = scripts("V1__accounts.sql", "CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL);",
                "V2__seed.sql", "INSERT INTO accounts VALUES (1, 100);");

        Cli.Result first = cli(scripts).run("migrate", "--start=farine.cli.fixtures.Ledger");
        Cli.Result second = cli(scripts).run("migrate", "--start=farine.cli.fixtures.Ledger");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("(service ledger): applied 2 migration(s), schema version 2");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("(service ledger): up to date, schema version 2");
        assertThat(balance()).isEqualTo(100);
    }

    @Test
    void aFailingScriptExitsOneNamingServiceAndScript() throws Exception {
        Path scripts = scripts("V1__accounts.sql", "CREATE TABLE accounts (id int PRIMARY KEY);",
                "V2__broken.sql", "CREATE TABLE nonsense (;");

        Cli.Result result = cli(scripts).run("migrate", "--start=farine.cli.fixtures.Ledger");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("farine: [ledger] migrating", "V2__broken.sql").doesNotContain("unexpected error");
    }

    @Test
    void anUnreachableDatabaseExitsOne() throws Exception {
        Cli cli = new Cli(Map.of("FARINE_LEDGER_DB_URL", "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=pw",
                "FARINE_LEDGER_DB_SCHEMA", schema, "FARINE_LEDGER_DB_MIGRATIONS", "filesystem:" + scripts()), dir);

        Cli.Result result = cli.run("migrate", "--start=farine.cli.fixtures.Ledger");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("farine: [ledger] cannot migrate", "unreachable").doesNotContain("password=pw");
    }

    private int balance() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT balance FROM " + schema + ".accounts WHERE id = 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
