package examples.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.Config;
import farine.Container;
import farine.db.Migrations;
import farine.rpc.RemoteException;
import farine.rpc.RpcCaller;
import farine.rpc.RpcClients;
import farine.testing.TestDatabase;
import farine.testing.TestVhost;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ledger against the test database and broker: a schema and a RabbitMQ virtual host ({@link TestVhost})
 * of its own (so parallel runs cannot meet), both removed at the end.
 */
class LedgerIT {

    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String SCHEMA = "ledger_it_" + SUFFIX;

    private static TestVhost vhost;
    private static Container container;
    private static RpcClients clients;
    private static RpcCaller ledger;

    @BeforeAll
    static void start() throws Exception {
        vhost = TestVhost.create("ledger-it");
        String amqpUri = vhost.amqpUri();
        Config config = Config.of(Map.of("ledger", Map.of(
                "amqp_uri", amqpUri,
                "db_url", TestDatabase.jdbcUrl(),
                "db_schema", SCHEMA,
                "db_migrations", "classpath:db/migration/ledger",
                "db_max_conn", "4")));

        // what `farine migrate --start=examples.ledger` does; a second run has nothing left to apply
        assertThat(Migrations.migrate(config, List.of(Ledger.class))).singleElement()
                .satisfies(r -> assertThat(r.applied()).isEqualTo(1));
        assertThat(Migrations.migrate(config, List.of(Ledger.class))).singleElement()
                .satisfies(r -> assertThat(r.applied()).isZero());

        container = Container.create(config, List.of(Ledger.class));
        container.start();
        clients = RpcClients.connect(amqpUri);
        ledger = clients.caller("ledger");
    }

    @AfterAll
    static void stop() throws Exception {
        if (clients != null) {
            clients.close();
        }
        if (container != null) {
            container.stop();
        }
        if (vhost != null) {
            vhost.close();
        }
        try (var c = DriverManager.getConnection(TestDatabase.jdbcUrl()); var s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Test
    void addAndBalanceTakeOnlyTheirRpcArguments() {
        long first = ledger.call(Long.class, "add", "ana", 5);
        long second = ledger.call(Long.class, "add", "ana", 3);
        assertThat(second).isGreaterThan(first);
        assertThat(ledger.call(Long.class, "balance", "ana")).isEqualTo(8L);
        assertThat(ledger.call(Long.class, "balance", "nobody")).isZero();
    }

    @Test
    void aTransferIsAllOrNothing() throws SQLException {
        ledger.call("add", "bob", 10);
        assertThat(ledger.call(Long.class, "transfer", "bob", "cid", 4)).isEqualTo(6L);
        assertThatThrownBy(() -> ledger.call("transfer", "bob", "cid", 100))
                .isInstanceOf(RemoteException.class).hasMessageContaining("bob has 6, cannot transfer 100");
        assertThat(ledger.call(Long.class, "balance", "bob")).isEqualTo(6L);
        assertThat(ledger.call(Long.class, "balance", "cid")).isEqualTo(4L);
        assertThat(rows("bob")).isEqualTo(2); // the refused withdrawal was rolled back
    }

    @Test
    void historyStreamsOneFramePerEntry() {
        ledger.call("add", "dee", 1);
        ledger.call("add", "dee", 2);
        ledger.call("add", "dee", -1);
        try (var entries = ledger.stream("history", "dee")) {
            assertThat(entries.map(e -> (Object) ((Map<?, ?>) e).get("amount")).toList()).containsExactly(1, 2, -1);
        }
    }

    private static long rows(String who) throws SQLException {
        try (var c = DriverManager.getConnection(TestDatabase.jdbcUrl());
                var s = c.prepareStatement("SELECT count(*) FROM " + SCHEMA + ".ledger_entries WHERE who = ?")) {
            s.setString(1, who);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
