package farine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Quickstart as written: {@code bin/farine --start=examples.greeting} with nothing configured (the
 * embedded broker), then {@code farine call} from another process with no {@code --amqp-uri}.
 */
class QuickstartIT {

    @TempDir
    Path dir;

    @Test
    void callFindsTheEmbeddedBrokerOfARunningLauncherAndSaysWhenAStreamHadMoreItems() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Map<String, String> env = Map.of("XDG_RUNTIME_DIR", run.toString());
        try (FarineProcess farine = FarineProcess.start(dir, env, "--start=examples.greeting")) {
            farine.awaitOut("embedded development broker at").awaitOut("ready in");

            FarineProcess broker = FarineProcess.run(dir, env, "broker");
            FarineProcess hello = FarineProcess.run(dir, env, "call", "greeting", "hello", "Ada");
            FarineProcess first = FarineProcess.run(dir, env, "call", "greeting", "squares", "4");
            FarineProcess all = FarineProcess.run(dir, env, "call", "--stream", "greeting", "squares", "4");

            assertThat(broker.exitCode()).as(broker.output()).isZero();
            assertThat(broker.out().strip()).matches("amqp://guest:guest@127\\.0\\.0\\.1:\\d+/");
            assertThat(hello.exitCode()).as(hello.output()).isZero();
            assertThat(hello.out().strip()).isEqualTo("\"Hello, Ada!\"");
            assertThat(hello.err()).isEmpty();
            assertThat(first.exitCode()).as(first.output()).isZero();
            assertThat(first.out().strip()).isEqualTo("1");
            assertThat(first.err()).contains("farine call: more items followed: greeting.squares streams its result;"
                    + " give --stream to print every item");
            assertThat(all.out().strip().split("\\n")).containsExactly("1", "4", "9", "16");
            assertThat(all.err()).isEmpty();

            farine.terminate();
            assertThat(farine.exitCode()).as(farine.output()).isZero();
        }
        try (Stream<Path> left = Files.list(run.resolve("farine"))) {
            assertThat(left).as("run files left after the launcher stopped").isEmpty();
        }
        FarineProcess none = FarineProcess.run(dir, env, "broker");
        assertThat(none.exitCode()).as(none.output()).isEqualTo(1);
        assertThat(none.err()).contains("farine: no bin/farine with an embedded broker is running");
    }

    /**
     * Issue 24 item 9: the ledger (an RPC service on PostgreSQL with migrations) with nothing configured runs on the
     * embedded broker and an embedded PostgreSQL, which the development launcher carries, and serves calls.
     */
    @Test
    void theLedgerWithNothingConfiguredRunsOnTheEmbeddedDatabaseAndServesCalls() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Map<String, String> env = Map.of("XDG_RUNTIME_DIR", run.toString());
        try (FarineProcess farine = FarineProcess.start(dir, env, "--start=examples.ledger", "--log-level=DEBUG")) {
            farine.awaitOut("ready in");

            FarineProcess add = FarineProcess.run(dir, env, "call", "ledger", "add", "ana", "5");
            FarineProcess more = FarineProcess.run(dir, env, "call", "ledger", "add", "ana", "7");
            FarineProcess balance = FarineProcess.run(dir, env, "call", "ledger", "balance", "ana");

            assertThat(add.exitCode()).as(add.output()).isZero();
            assertThat(more.exitCode()).as(more.output()).isZero();
            assertThat(Long.parseLong(more.out().strip())).isGreaterThan(Long.parseLong(add.out().strip()));
            assertThat(balance.exitCode()).as(balance.output()).isZero();
            assertThat(balance.out().strip()).isEqualTo("12");

            farine.terminate();
            assertThat(farine.exitCode()).as(farine.output()).isZero();
            assertThat(farine.out()).contains("[ledger] no database configured (db_url or db_name): embedded development PostgreSQL at"
                    + " embedded 127.0.0.1:").contains("/ledger as postgres, data deleted at stop, not for production")
                    // item 15: jOOQ's dialect "Version mismatch" WARN is silenced, and DEBUG says one line per served call
                    .doesNotContain("Version mismatch");
            assertThat(farine.out().split("ledger\\.add done in", -1)).as(farine.out()).hasSize(3);
            assertThat(farine.out().split("ledger\\.balance done in", -1)).as(farine.out()).hasSize(2);
        }
    }

    /** Issue 24 item 9: {@code db_connector = embedded} works from bin/farine (zonky on the launcher's class path). */
    @Test
    void dbConnectorEmbeddedWorksFromTheLauncher() {
        FarineProcess migrate = FarineProcess.run(dir, Map.of("FARINE_LEDGER_DB_CONNECTOR", "embedded",
                "FARINE_LEDGER_DB_MIGRATIONS", "classpath:db/migration/ledger"), "migrate", "--start=examples.ledger");

        assertThat(migrate.exitCode()).as(migrate.output()).isZero();
        assertThat(migrate.out()).contains("/postgres as postgres (service ledger): applied 1 migration(s), schema version 1")
                .doesNotContain("needs io.zonky.test");
    }
}
