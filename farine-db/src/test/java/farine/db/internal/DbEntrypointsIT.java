package farine.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.table;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import farine.Config;
import farine.Container;
import farine.Execute;
import farine.Service;
import farine.amqp.Consume;
import farine.amqp.Publisher;
import farine.db.Db;
import farine.db.Transactional;
import farine.rpc.RemoteException;
import farine.rpc.RpcCaller;
import farine.rpc.RpcClients;
import farine.rpc.RpcMethod;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The connection per invocation through the real entry points: RPC (plain and streaming), consume, execute. */
class DbEntrypointsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static TestSchema schema;
    private static PrivateVhost vhost;
    private static Container container;
    private static RpcClients clients;
    private static RpcCaller ledger;

    @Service("dbledger")
    public static final class Ledger {
        static volatile CountDownLatch secondItem = new CountDownLatch(0);

        @RpcMethod
        public long add(DSLContext db, String who, int amount) {
            return db.insertInto(table("entries")).set(field("who"), who).set(field("amount"), amount)
                    .returningResult(field("id", Long.class)).fetchOne().value1();
        }

        @RpcMethod
        public long balance(Db db, String who) {
            Number total = db.dsl().select(sum(field("amount", Integer.class))).from(table("entries"))
                    .where(field("who").eq(who)).fetchOne().value1();
            return total == null ? 0 : total.longValue();
        }

        @RpcMethod
        @Transactional
        public long addTwice(DSLContext db, String who) {
            add(db, who, 1);
            return add(db, who, 2);
        }

        @RpcMethod
        @Transactional
        public long addThenFail(DSLContext db, String who) {
            add(db, who, 1);
            throw new IllegalStateException("refused " + who);
        }

        @RpcMethod
        @Transactional
        public String conflictAtCommit(Connection connection, String who) throws SQLException {
            // the unique constraint is deferred: both inserts succeed, the commit fails
            try (var insert = connection.prepareStatement("INSERT INTO deferred_unique (who) VALUES (?), (?)")) {
                insert.setString(1, who);
                insert.setString(2, who);
                insert.executeUpdate();
            }
            return "looks fine";
        }

        @RpcMethod
        public Stream<Integer> slowSquares(DSLContext db, int n) {
            return IntStream.rangeClosed(1, n).boxed().map(i -> {
                if (i == 2) {
                    await(secondItem);
                }
                return ((Number) db.fetchValue("SELECT ?::int * ?::int", i, i)).intValue();
            });
        }

        @RpcMethod
        @Transactional
        public Iterator<Long> addEach(DSLContext db, String who, int n) {
            return IntStream.rangeClosed(1, n).mapToObj(i -> add(db, who, i)).iterator();
        }

        @RpcMethod
        @Transactional
        public Stream<Long> addEachThenBreak(DSLContext db, String who) {
            return Stream.of(1, 2, 3).map(i -> {
                if (i == 3) {
                    throw new IllegalStateException("item 3 of " + who + " broke");
                }
                return add(db, who, i);
            });
        }

        @RpcMethod
        @Transactional
        public Iterable<Long> addEachIterable(DSLContext db, String who, int n) {
            // lazy: each item inserts when the reply asks for it
            return () -> IntStream.rangeClosed(1, n).mapToObj(i -> {
                if (i > 2 && who.endsWith("broken")) {
                    throw new IllegalStateException("item " + i + " of " + who + " broke");
                }
                return add(db, who, i);
            }).iterator();
        }

        @RpcMethod
        @Transactional
        public Flow.Publisher<Long> addEachPublished(DSLContext db, String who, int n) {
            return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
                private int next = 1;
                private boolean done;

                @Override
                public void request(long wanted) {
                    for (long k = 0; k < wanted && !done; k++) {
                        if (next > n) {
                            done = true;
                            subscriber.onComplete();
                        } else if (next > 2 && who.endsWith("broken")) {
                            done = true;
                            subscriber.onError(new IllegalStateException("item " + next + " of " + who + " broke"));
                        } else {
                            subscriber.onNext(add(db, who, next++));
                        }
                    }
                }

                @Override
                public void cancel() {
                    done = true;
                }
            });
        }

        @Consume(exchange = "dbevents", routingKey = "dbevents")
        @Transactional
        public void record(DSLContext db, Map<String, Object> event) {
            add(db, (String) event.get("who"), ((Number) event.get("amount")).intValue());
        }

        @Consume(exchange = "dbevents", routingKey = "dbrefused")
        @Transactional
        public void refuse(DSLContext db, Map<String, Object> event) {
            add(db, (String) event.get("who"), 1);
            throw new IllegalStateException("refused " + event.get("who"));
        }

        @Execute(restart = false)
        public void seed(Db db) {
            add(db.dsl(), "seeded-by-execute", 7);
        }

        private static void await(CountDownLatch latch) {
            try {
                latch.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @BeforeAll
    static void start() {
        schema = new TestSchema();
        schema.execute("CREATE TABLE " + schema.name() + ".entries (id bigserial PRIMARY KEY, who text NOT NULL, amount int NOT NULL)");
        schema.execute("CREATE TABLE " + schema.name() + ".deferred_unique (who text UNIQUE DEFERRABLE INITIALLY DEFERRED)");
        vhost = new PrivateVhost();
        Map<String, String> keys = schema.keys("amqp_uri", vhost.uri(), "db_max_conn", "4", "retry_delay", "20ms");
        container = Container.create(Config.of(Map.of("dbledger", keys)), List.of(Ledger.class));
        container.start();
        clients = RpcClients.connect(vhost.uri());
        ledger = clients.caller("dbledger");
    }

    @AfterAll
    static void stop() {
        if (clients != null) {
            clients.close();
        }
        if (container != null) {
            container.stop();
        }
        if (vhost != null) {
            vhost.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    private static long rows(String who) {
        return schema.count("SELECT count(*) FROM $schema.entries WHERE who = '" + who + "'");
    }

    private static int active() {
        return TestSchema.pool("dbledger").getActiveConnections();
    }

    @Test
    void injectedParametersAreNotRpcArguments() {
        long first = ledger.call(Long.class, "add", "ana", 5);
        long second = ledger.call(Long.class, "add", "ana", 3);
        assertThat(second).isGreaterThan(first);
        assertThat(ledger.call(Long.class, "balance", "ana")).isEqualTo(8L);
        await().atMost(WAIT).until(() -> active() == 0);
    }

    @Test
    void aTransactionalRpcCommitsBeforeItReplies() {
        ledger.call("addTwice", "rpc-commit");
        // no waiting: the reply is sent only after the commit
        assertThat(rows("rpc-commit")).isEqualTo(2);
    }

    @Test
    void aTransactionalRpcThatThrowsRollsBackAndTheCallerGetsTheError() {
        assertThatThrownBy(() -> ledger.call("addThenFail", "rpc-rollback"))
                .isInstanceOf(RemoteException.class).hasMessageContaining("refused rpc-rollback");
        assertThat(rows("rpc-rollback")).isZero();
    }

    @Test
    void aFailedCommitIsTheCallersErrorNotASuccess() {
        assertThatThrownBy(() -> ledger.call("conflictAtCommit", "twin"))
                .isInstanceOf(RemoteException.class)
                .hasMessageContaining("dbledger.conflictAtCommit: commit on")
                .hasMessageContaining("rolled back")
                .hasMessageNotContaining("looks fine");
        assertThat(schema.count("SELECT count(*) FROM $schema.deferred_unique")).isZero();
        await().atMost(WAIT).until(() -> active() == 0);
    }

    @Test
    void aStreamingReplyKeepsItsConnectionUntilTheLastItem() {
        Ledger.secondItem = new CountDownLatch(1);
        try (Stream<Object> squares = ledger.stream("slowSquares", 3)) {
            Iterator<Object> items = squares.iterator();
            assertThat(items.next()).isEqualTo(1);
            // the server is producing item 2, on the connection it borrowed for the call
            assertThat(active()).isEqualTo(1);
            Ledger.secondItem.countDown();
            assertThat(items.next()).isEqualTo(4);
            assertThat(items.next()).isEqualTo(9);
            assertThat(items.hasNext()).isFalse();
        }
        await().atMost(WAIT).until(() -> active() == 0);
    }

    @Test
    void aTransactionalStreamCommitsAfterTheLastItemAndBeforeTheEnd() {
        try (Stream<Object> ids = ledger.stream("addEach", "streamed", 4)) {
            assertThat(ids.toList()).hasSize(4);
        }
        assertThat(rows("streamed")).isEqualTo(4);
    }

    @Test
    void aTransactionalStreamWhoseItemThrowsRollsBackTheItemsAlreadySent() {
        try (Stream<Object> ids = ledger.stream("addEachThenBreak", "broken-stream")) {
            assertThatThrownBy(ids::toList).isInstanceOf(RemoteException.class).hasMessageContaining("item 3 of broken-stream broke");
        }
        assertThat(rows("broken-stream")).isZero();
    }

    @Test
    void aTransactionalIterableOrPublisherCommitsAfterItsLastItemAndRollsBackWhenAnItemFails() {
        for (String method : List.of("addEachIterable", "addEachPublished")) {
            try (Stream<Object> ids = ledger.stream(method, method + "-whole", 4)) {
                assertThat(ids.toList()).hasSize(4);
            }
            assertThat(rows(method + "-whole")).as(method).isEqualTo(4);
            try (Stream<Object> ids = ledger.stream(method, method + "-broken", 4)) {
                assertThatThrownBy(ids::toList).isInstanceOf(RemoteException.class).hasMessageContaining("item 3 of " + method + "-broken broke");
            }
            assertThat(rows(method + "-broken")).as(method + ": the items already sent are rolled back").isZero();
        }
        await().atMost(WAIT).until(() -> active() == 0);
    }

    @Test
    void aConsumedMessageGetsAConnectionAndCommits() {
        try (Publisher.Standalone publisher = Publisher.connect(vhost.uri(), "dbevents")) {
            publisher.send("dbevents", Map.of("who", "consumed", "amount", 4));
        }
        await().atMost(WAIT).until(() -> rows("consumed") == 1);
        await().atMost(WAIT).until(() -> active() == 0);
    }

    @Test
    void aConsumerThatThrowsRollsBackEveryAttemptUntilTheMessageIsDeadLettered() throws Exception {
        try (Publisher.Standalone publisher = Publisher.connect(vhost.uri(), "dbevents")) {
            publisher.send("dbrefused", Map.of("who", "refused-consumer"));
        }
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(vhost.uri());
        try (com.rabbitmq.client.Connection connection = factory.newConnection("db-test");
                Channel channel = connection.createChannel()) {
            await().atMost(WAIT).until(() -> channel.messageCount("dbrefused.dead") == 1);
        }
        assertThat(rows("refused-consumer")).isZero();
        await().atMost(WAIT).until(() -> active() == 0);
    }

    @Test
    void anExecuteLoopGetsAConnection() {
        await().atMost(WAIT).until(() -> rows("seeded-by-execute") == 1);
    }
}
