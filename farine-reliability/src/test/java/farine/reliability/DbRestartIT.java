package farine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.Config;
import farine.Container;
import farine.rpc.RpcCaller;
import farine.rpc.RpcClients;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Scenario 7: the service's PostgreSQL (a private cluster) restarts while messages and calls need it.
 * Failed consumer invocations are retried with backoff (or dead-lettered once out of retries), RPC
 * callers get an error reply, and the pool serves again once the server is back.
 */
class DbRestartIT {

    @Test
    void aPostgresRestartFailsInvocationsCleanlyAndThePoolRecovers() throws Exception {
        PrivateRabbit rabbit = PrivateRabbit.get();
        Tally tally = Tally.fresh("ledger");
        Figures figures = new Figures("7 PostgreSQL restart during DB-backed invocations");
        try (PrivatePostgres pg = PrivatePostgres.start()) {
            try (java.sql.Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE ledger_entries (id text PRIMARY KEY)");
            }
            Map<String, String> ledger = Map.of("db_url", pg.jdbcUrl(), "db_user", "postgres", "db_timeout", "2s", "db_max_conn", "4",
                    "retries", "8", "retry_delay", "250ms", "record.concurrency", "4");
            try (Container container = Container.create(Config.of(Map.of(
                    "DEFAULT", Map.of("amqp_uri", rabbit.uri(), "connect_timeout", "60s", "shutdown_timeout", "10s"),
                    "ledger", ledger)), List.of(Ledger.class));
                    Connection connection = rabbit.connect("db-restart-test");
                    RpcClients clients = RpcClients.connect(rabbit.uri())) {
                container.start();
                Channel channel = connection.createChannel();
                channel.queuePurge(Ledger.IN);
                channel.queueDeclare(Ledger.IN + ".dead", true, false, false, null);
                channel.queuePurge(Ledger.IN + ".dead");
                channel.confirmSelect();
                RpcCaller caller = clients.caller("ledger").withTimeout(Duration.ofSeconds(5));
                Set<String> published = ConcurrentHashMap.newKeySet();
                AtomicLong calls = new AtomicLong();
                AtomicLong answered = new AtomicLong();
                Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
                ConcurrentLinkedQueue<long[]> answers = new ConcurrentLinkedQueue<>();
                AtomicLong overdue = new AtomicLong();
                // the load runs on schedulers: a call every 50 ms after the last answer, a message every 20 ms
                ScheduledExecutorService callLoad = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
                ScheduledExecutorService publishLoad = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
                callLoad.scheduleWithFixedDelay(() -> {
                    long began = System.nanoTime();
                    calls.incrementAndGet();
                    try {
                        caller.call(Long.class, "count");
                        answered.incrementAndGet();
                        answers.add(new long[] {began, System.nanoTime()});
                    } catch (RuntimeException e) {
                        failures.computeIfAbsent(Load.kind(e), k -> new AtomicLong()).incrementAndGet();
                    }
                    if (System.nanoTime() - began > Duration.ofSeconds(5).plus(Load.SLACK).toNanos()) {
                        overdue.incrementAndGet();
                    }
                }, 0, 50, TimeUnit.MILLISECONDS);
                AtomicLong n = new AtomicLong();
                publishLoad.scheduleAtFixedRate(() -> publish(channel, "e-" + n.getAndIncrement(), published), 0, 20, TimeUnit.MILLISECONDS);
                // about 2 s of steady traffic before, during the 3 s outage, and after it
                await().atMost(Duration.ofSeconds(30)).until(() -> published.size() >= 100);
                long downAt = System.nanoTime();
                pg.restart(Duration.ofSeconds(3));
                long upAt = System.nanoTime();
                int publishedAtUp = published.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> published.size() >= publishedAtUp + 100);
                stop(publishLoad);
                channel.waitForConfirmsOrDie(10_000);
                await().atMost(Duration.ofSeconds(90)).until(() -> published.stream().allMatch(id -> tally.has(id))
                        || published.size() == tally.distinct() + channel.queueDeclarePassive(Ledger.IN + ".dead").getMessageCount());
                stop(callLoad);
                long dead = channel.queueDeclarePassive(Ledger.IN + ".dead").getMessageCount();
                long rows;
                try (java.sql.Connection c = pg.connect(); Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT count(*) FROM ledger_entries")) {
                    rs.next();
                    rows = rs.getLong(1);
                }
                long firstAnswer = answers.stream().filter(a -> a[0] - upAt >= 0).mapToLong(a -> a[1]).min().orElse(-1);
                figures.put("messages published", published.size())
                        .put("rows written (distinct ids)", rows)
                        .put("messages dead-lettered", dead)
                        .put("messages lost", published.size() - rows - dead)
                        .put("postgres down (stop -m fast, 3 s, start), ms", (upAt - downAt) / 1_000_000)
                        .put("rpc calls made / answered", calls.get() + " / " + answered.get())
                        .put("rpc calls failed, by error", new java.util.TreeMap<>(failures))
                        .put("rpc calls past deadline (hung)", overdue.get())
                        .put("recovery: first rpc answer after postgres back, ms", firstAnswer < 0 ? -1 : (firstAnswer - upAt) / 1_000_000);
                assertThat(rows + dead).as("every published entry written or dead-lettered").isEqualTo(published.size());
                assertThat(firstAnswer).as("an answer after the restart").isPositive();
                assertThat(overdue.get()).isZero();
                assertThat(caller.call(Long.class, "count")).isEqualTo(rows);
            }
        }
    }

    private static void publish(Channel channel, String id, Set<String> published) {
        try {
            channel.basicPublish(Ledger.IN, Ledger.IN, new AMQP.BasicProperties.Builder().messageId(id).deliveryMode(2).build(), new byte[] {'{', '}'});
            published.add(id);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // ends the schedule: the wait for more messages then fails
        }
    }

    /** Stops a load scheduler and waits for the run in progress (a call is bounded by its 5 s timeout). */
    private static void stop(ScheduledExecutorService load) throws InterruptedException {
        load.shutdown();
        assertThat(load.awaitTermination(10, TimeUnit.SECONDS)).as("load stopped").isTrue();
    }
}
