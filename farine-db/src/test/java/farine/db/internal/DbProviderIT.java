package farine.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

import farine.testing.Invoked;
import farine.Config;
import farine.ConfigException;
import farine.Container;
import farine.FarineException;
import farine.Service;
import farine.db.Db;
import farine.db.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DbProviderIT {

    private static TestSchema schema;

    @BeforeAll
    static void createSchema() {
        schema = new TestSchema();
        schema.execute("CREATE TABLE " + schema.name() + ".entries (id serial PRIMARY KEY, who text NOT NULL, amount int NOT NULL)");
    }

    @AfterAll
    static void dropSchema() {
        schema.close();
    }

    private static Container start(Class<?> service, String... keys) {
        Container container = Container.create(Config.of(Map.of(service.getSimpleName().toLowerCase(), schema.keys(keys))),
                List.of(service));
        container.start();
        return container;
    }

    private static long rows(String who) {
        return schema.count("SELECT count(*) FROM $schema.entries WHERE who = '" + who + "'");
    }

    public static final class Busy {
        static final AtomicInteger PEAK = new AtomicInteger();

        @Invoked
        public int work(DSLContext db, int i) {
            PEAK.accumulateAndGet(TestSchema.pool("busy").getActiveConnections(), Math::max);
            db.execute("SELECT pg_sleep(0.002)");
            return ((Number) db.fetchValue("SELECT ?::int", i)).intValue();
        }
    }

    @Test
    void twoHundredConcurrentInvocationsShareFourConnectionsAndGiveThemAllBack() throws Exception {
        try (Container container = start(Busy.class, "db_max_conn", "4");
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                calls.add(threads.submit(() -> container.invoke("busy", "work", n)));
            }
            for (int i = 0; i < 200; i++) {
                assertThat(calls.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(i);
            }
            assertThat(Busy.PEAK.get()).isBetween(1, 4);
            await().atMost(Duration.ofSeconds(10)).until(() -> TestSchema.pool("busy").getActiveConnections() == 0);
            assertThat(TestSchema.pool("busy").getTotalConnections()).isLessThanOrEqualTo(4);
            assertThat(schema.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'farine-busy'"))
                    .isBetween(1L, 4L);
        }
        // the pool closes with the container: its connections end on the server too
        await().atMost(Duration.ofSeconds(10)).until(() ->
                schema.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'farine-busy'") == 0);
    }

    public static final class Ledger {
        @Invoked
        @Transactional
        public void addTwiceThenFail(DSLContext db, String who) {
            db.insertInto(table("entries")).set(field("who"), who).set(field("amount"), 1).execute();
            db.insertInto(table("entries")).set(field("who"), who).set(field("amount"), 2).execute();
            throw new IllegalStateException("refused " + who);
        }

        @Invoked
        @Transactional
        public int addTwice(DSLContext db, String who) {
            db.insertInto(table("entries")).set(field("who"), who).set(field("amount"), 1).execute();
            return db.insertInto(table("entries")).set(field("who"), who).set(field("amount"), 2).execute();
        }

        @Invoked
        public void addThenFailWithoutTransaction(DSLContext db, String who) {
            db.insertInto(table("entries")).set(field("who"), who).set(field("amount"), 1).execute();
            throw new IllegalStateException("refused " + who);
        }

        @Invoked
        @Transactional
        public void nested(DSLContext db, String who, boolean failOuter) {
            db.insertInto(table("entries")).set(field("who"), who).set(field("amount"), 1).execute();
            db.transactionResult(inner -> inner.dsl().insertInto(table("entries")).set(field("who"), who).set(field("amount"), 2).execute());
            try {
                db.transaction(inner -> {
                    inner.dsl().insertInto(table("entries")).set(field("who"), who).set(field("amount"), 3).execute();
                    throw new IllegalStateException("inner fails");
                });
            } catch (IllegalStateException expected) {
                // only the inner block's row is gone
            }
            if (failOuter) {
                throw new IllegalStateException("outer fails");
            }
        }

        @Invoked
        public long nestedWithoutOuterTransaction(DSLContext db, String who) {
            return db.transactionResult(inner -> {
                inner.dsl().insertInto(table("entries")).set(field("who"), who).set(field("amount"), 1).execute();
                return inner.dsl().transactionResult(deeper -> deeper.dsl()
                        .insertInto(table("entries")).set(field("who"), who).set(field("amount"), 2).execute());
            });
        }

        @Invoked
        public void configuredTransaction(Connection connection, String who) throws SQLException {
            assertThat(connection.getAutoCommit()).isFalse();
            try (var s = connection.prepareStatement("INSERT INTO entries (who, amount) VALUES (?, 1)")) {
                s.setString(1, who);
                s.executeUpdate();
            }
            throw new IllegalStateException("refused " + who);
        }

        @Invoked
        public List<Integer> sameConnection(Db db, DSLContext dsl, Connection connection) throws SQLException {
            int viaDb = ((Number) db.dsl().fetchValue("SELECT pg_backend_pid()")).intValue();
            int viaDsl = ((Number) dsl.fetchValue("SELECT pg_backend_pid()")).intValue();
            int viaConnection;
            try (var s = connection.createStatement(); var rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                viaConnection = rs.getInt(1);
            }
            assertThat(db.connection()).isSameAs(connection);
            return List.of(viaDb, viaDsl, viaConnection, TestSchema.pool("ledger").getActiveConnections());
        }

        @Invoked
        public Stream<Integer> squares(DSLContext db, int n) {
            // each element queries the borrowed connection: it must still be open while the stream is drained
            return IntStream.rangeClosed(1, n).boxed()
                    .map(i -> ((Number) db.fetchValue("SELECT ?::int * ?::int", i, i)).intValue())
                    .peek(i -> assertThat(TestSchema.pool("ledger").getActiveConnections()).isEqualTo(1));
        }

        @Invoked
        public int noDatabase(CountDownLatch running, CountDownLatch proceed) throws InterruptedException {
            running.countDown();
            proceed.await(10, TimeUnit.SECONDS);
            return TestSchema.pool("ledger").getActiveConnections();
        }
    }

    @Test
    void aTransactionalMethodThatThrowsLeavesNothingBehind() {
        try (Container container = start(Ledger.class)) {
            assertThatThrownBy(() -> container.invoke("ledger", "addTwiceThenFail", "rollback-1"))
                    .isInstanceOf(FarineException.class).hasMessageContaining("refused rollback-1");
            assertThat(rows("rollback-1")).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> TestSchema.pool("ledger").getActiveConnections() == 0);
        }
    }

    @Test
    void aTransactionalMethodThatReturnsCommits() {
        try (Container container = start(Ledger.class)) {
            assertThat(container.invoke("ledger", "addTwice", "commit-1")).isEqualTo(1);
            assertThat(rows("commit-1")).isEqualTo(2);
        }
    }

    @Test
    void withoutTransactionEachStatementCommitsAtOnce() {
        try (Container container = start(Ledger.class)) {
            assertThatThrownBy(() -> container.invoke("ledger", "addThenFailWithoutTransaction", "auto-1"))
                    .isInstanceOf(FarineException.class);
            assertThat(rows("auto-1")).isEqualTo(1);
        }
    }

    @Test
    void dbTransactionInTheSectionMakesAMethodTransactional() {
        try (Container container = start(Ledger.class, "configuredTransaction.db_transaction", "true")) {
            assertThatThrownBy(() -> container.invoke("ledger", "configuredTransaction", "configured-1"))
                    .isInstanceOf(FarineException.class).hasMessageContaining("refused configured-1");
            assertThat(rows("configured-1")).isZero();
        }
    }

    @Test
    void nestedJooqTransactionsAreSavepointsOfTheInvocationsTransaction() {
        try (Container container = start(Ledger.class)) {
            container.invoke("ledger", "nested", "nested-ok", false);
            assertThat(schema.count("SELECT coalesce(sum(amount), 0) FROM $schema.entries WHERE who = 'nested-ok'"))
                    .isEqualTo(3); // rows 1 and 2; row 3's block rolled back alone
            assertThatThrownBy(() -> container.invoke("ledger", "nested", "nested-fail", true))
                    .hasMessageContaining("outer fails");
            assertThat(rows("nested-fail")).isZero(); // the committed inner block went with the outer rollback
        }
    }

    @Test
    void nestedJooqTransactionsWorkOnAnAutoCommitConnection() {
        try (Container container = start(Ledger.class)) {
            assertThat(container.invoke("ledger", "nestedWithoutOuterTransaction", "plain-nested")).isEqualTo(1L);
            assertThat(rows("plain-nested")).isEqualTo(2);
        }
    }

    @Test
    void allDatabaseParametersOfOneInvocationShareOneConnection() {
        try (Container container = start(Ledger.class)) {
            @SuppressWarnings("unchecked")
            List<Integer> seen = (List<Integer>) container.invoke("ledger", "sameConnection");
            assertThat(seen.subList(0, 3)).containsOnly(seen.get(0));
            assertThat(seen.get(3)).isEqualTo(1);
        }
    }

    @Test
    void aStreamedResultKeepsItsConnectionUntilTheLastItem() {
        try (Container container = start(Ledger.class)) {
            assertThat(container.invoke("ledger", "squares", 5)).isEqualTo(List.of(1, 4, 9, 16, 25));
            await().atMost(Duration.ofSeconds(5)).until(() -> TestSchema.pool("ledger").getActiveConnections() == 0);
        }
    }

    @Test
    void aMethodWithoutDatabaseParametersBorrowsNothing() throws Exception {
        try (Container container = start(Ledger.class)) {
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch proceed = new CountDownLatch(1);
            var call = Executors.newVirtualThreadPerTaskExecutor().submit(() -> container.invoke("ledger", "noDatabase", running, proceed));
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(TestSchema.pool("ledger").getActiveConnections()).isZero();
            proceed.countDown();
            assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo(0);
        }
    }

    public static final class Holder {
        @Invoked
        public String hold(Connection connection, CountDownLatch holding, CountDownLatch release) throws InterruptedException {
            holding.countDown();
            release.await(10, TimeUnit.SECONDS);
            return "held";
        }
    }

    @Test
    void anExhaustedPoolFailsTheInvocationAfterDbTimeoutNamingServicePoolSizeAndWait() throws Exception {
        try (Container container = start(Holder.class, "db_max_conn", "1", "db_timeout", "500ms");
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            var first = threads.submit(() -> container.invoke("holder", "hold", holding, release));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> container.invoke("holder", "hold", new CountDownLatch(1), new CountDownLatch(0)))
                    .isInstanceOf(FarineException.class)
                    .hasMessageContaining("holder.hold")
                    .hasMessageContaining("within 500 ms")
                    .hasMessageContaining("all 1 connections of the pool of service 'holder' are in use")
                    .hasMessageContaining("db_max_conn = 1");
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("held");
            // the pool is usable again
            assertThat(container.invoke("holder", "hold", new CountDownLatch(1), new CountDownLatch(0))).isEqualTo("held");
        }
    }

    public static final class Wrong {
        @Invoked
        public int one(DSLContext db) {
            return 1;
        }
    }

    @Test
    void wrongCredentialsStopTheStartNamingHostDatabaseAndUserButNotThePassword() {
        Map<String, String> keys = Map.of("db_host", "127.0.0.1", "db_name", "test", "db_user", "no_such_farine_user",
                "db_password", "hunter2-secret");
        Container container = Container.create(Config.of(Map.of("wrong", keys)), List.of(Wrong.class));
        assertThatThrownBy(container::start)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("127.0.0.1:5432")
                .hasMessageContaining("'test'")
                .hasMessageContaining("'no_such_farine_user'")
                .hasMessageNotContaining("hunter2-secret");
        assertThat(container.stopped()).isDone();
    }

    @Test
    void aMissingDatabaseStopsTheStartToo() {
        Map<String, String> keys = Map.of("db_host", "127.0.0.1", "db_name", "no_such_farine_db");
        Container container = Container.create(Config.of(Map.of("wrong", keys)), List.of(Wrong.class));
        assertThatThrownBy(container::start).isInstanceOf(ConfigException.class).hasMessageContaining("'no_such_farine_db'");
    }

    @Service(singleton = true)
    public static final class Forever {
        public Forever(DSLContext db) {
        }

        @Invoked
        public int one() {
            return 1;
        }
    }

    @Test
    void aSingletonCannotTakeAConnectionInItsConstructor() {
        assertThatThrownBy(() -> Container.create(Config.of(Map.of("forever", schema.keys())), List.of(Forever.class)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("singleton service")
                .hasMessageContaining("whole life");
    }

    public static final class Injected {
        private final Db db;

        public Injected(Db db) {
            this.db = db;
        }

        @Invoked
        @Transactional
        public boolean sameAsMethod(Connection connection) throws SQLException {
            return db.connection() == connection && !connection.getAutoCommit();
        }
    }

    @Test
    void aConstructorParameterSharesTheInvocationsConnection() {
        try (Container container = start(Injected.class)) {
            assertThat(container.invoke("injected", "sameAsMethod")).isEqualTo(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> TestSchema.pool("injected").getActiveConnections() == 0);
        }
    }
}
