package examples.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import farine.Config;
import farine.amqp.Publisher;
import farine.db.Migrations;
import farine.rpc.RpcClients;
import farine.testing.FarineTest;
import farine.testing.ServiceRunner;
import farine.testing.TestBroker;
import farine.testing.TestDatabase;
import farine.testing.TestSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A service under {@code @FarineTest} on the broker and database the test kit found, as a user's test
 * runs: the local services here, containers in the build's containers pass (FARINE_TEST_SOURCES=
 * testcontainers), where it checks that it got them. RPC, {@code @Consume} and a database with migrations.
 */
@FarineTest(services = Notes.class, database = true, config = {
        "[farine-kit-notes] db_schema = farine_kit_notes", "[farine-kit-notes] db_migrations = classpath:db/migration/kit-notes"})
class NotesIT {

    /** Notes of this test only: other builds may run this test on the same shared services. */
    private final String topic = "topic-" + UUID.randomUUID();

    @BeforeEach
    void migrate(Config config) {
        Migrations.migrate(config, List.of(Notes.class));
    }

    @Test
    void the_test_kit_found_the_sources_the_build_asked_for() {
        if ("testcontainers".equalsIgnoreCase(String.valueOf(System.getenv("FARINE_TEST_SOURCES")).strip())) {
            assertThat(TestBroker.source()).isEqualTo(TestSource.TESTCONTAINERS);
            assertThat(TestDatabase.source()).isEqualTo(TestSource.TESTCONTAINERS);
        } else {
            assertThat(TestBroker.source()).isNotNull();
            assertThat(TestDatabase.source()).isNotNull();
        }
    }

    @Test
    void a_note_written_over_rpc_is_counted(ServiceRunner runner) {
        RpcClients rpc = runner.client(RpcClients::connect);
        assertThat(rpc.caller("farine-kit-notes").call(Long.class, "write", topic, "over rpc")).isPositive();
        assertThat(rpc.caller("farine-kit-notes").call(Long.class, "count", topic)).isEqualTo(1L);
    }

    @Test
    void a_published_note_is_consumed_into_the_database(ServiceRunner runner) {
        Publisher notes = runner.client(uri -> Publisher.connect(uri, Notes.EXCHANGE));
        notes.send("note", Map.of("topic", topic, "body", "consumed"));
        notes.send("note", Map.of("topic", topic, "body", "consumed again"));
        RpcClients rpc = runner.client(RpcClients::connect);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(rpc.caller("farine-kit-notes").call(Long.class, "count", topic)).isEqualTo(2L));
    }
}
