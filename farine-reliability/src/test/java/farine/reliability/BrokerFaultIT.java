package farine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import farine.Config;
import farine.Container;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scenarios 1 and 2: the private broker goes away under traffic (stop_app/start_app; then
 * close_all_connections again and again). Every confirmed message must be consumed at least once,
 * RPC calls must end by their deadline, and traffic must flow again after recovery.
 */
class BrokerFaultIT {

    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(3);

    private PrivateRabbit rabbit;
    private Container container;

    @BeforeEach
    void startService() {
        rabbit = PrivateRabbit.get();
        container = Container.create(Config.of(Map.of(
                "DEFAULT", Map.of("amqp_uri", rabbit.uri(), "shutdown_timeout", "10s", "connect_timeout", "60s"),
                // the consumer keeps the default concurrency 1 (messages run on the client's delivery thread), the echo runs 4 at once
                "traffic", Map.of("echo.concurrency", "4", "prefetch", "64", "retry_delay", "100ms"))), List.of(Traffic.class));
        container.start();
    }

    @AfterEach
    void stopService() {
        if (container != null) {
            container.stop();
        }
    }

    @Test
    void brokerRestartUnderTrafficLosesNoConfirmedMessageAndNoCallOutlivesItsDeadline() throws Exception {
        Tally tally = Tally.fresh("traffic");
        Figures figures = new Figures("1 broker restart (stop_app/start_app)");
        long downAt;
        long upAt;
        try (Load load = new Load("restart-", rabbit.uri(), Traffic.EXCHANGE, "traffic", RPC_TIMEOUT, 4, Duration.ofMillis(2))) {
            load.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.answered.get() > 50 && tally.distinct() > 50);
            long steady = load.answered.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.answered.get() > steady + 200); // traffic in full flow
            downAt = System.nanoTime();
            rabbit.restartApp(Duration.ofSeconds(2));
            upAt = System.nanoTime();
            // traffic flows again: calls begun after the restart are answered, new messages confirmed and consumed
            await().atMost(Duration.ofSeconds(60)).until(() -> load.answeredSince(upAt) > 300 && load.firstConfirmSince(upAt).isPresent());
            load.stop();
            report(figures, load, tally, downAt, upAt);
            assertThat(load.overdue.get()).as("calls that returned later than deadline + %s", Load.SLACK).isZero();
            assertThat(load.wrong.get()).as("calls answered with another call's result").isZero();
            assertThat(load.pendingCalls()).as("pending call entries left in the client").isZero();
        }
    }

    @Test
    void connectionsClosedByTheBrokerAgainAndAgainLoseNothingConfirmed() throws Exception {
        Tally tally = Tally.fresh("traffic");
        Figures figures = new Figures("2 close_all_connections x3 under load");
        long lastCloseAt;
        try (Load load = new Load("closed-", rabbit.uri(), Traffic.EXCHANGE, "traffic", RPC_TIMEOUT, 4, Duration.ofMillis(2))) {
            load.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.answered.get() > 50 && tally.distinct() > 50);
            long firstCloseAt = System.nanoTime();
            lastCloseAt = firstCloseAt;
            for (int i = 0; i < 3; i++) {
                rabbit.closeAllConnections("farine reliability scenario 2, round " + (i + 1));
                long closedAt = System.nanoTime();
                lastCloseAt = closedAt;
                // the next close hits a client that has recovered and serves again
                await().atMost(Duration.ofSeconds(30)).until(() -> load.answeredSince(closedAt) > 20);
            }
            long after = lastCloseAt;
            await().atMost(Duration.ofSeconds(60)).until(() -> load.answeredSince(after) > 300 && load.firstConfirmSince(after).isPresent());
            load.stop();
            report(figures, load, tally, firstCloseAt, lastCloseAt);
            assertThat(load.overdue.get()).as("calls that returned later than deadline + %s", Load.SLACK).isZero();
            assertThat(load.wrong.get()).isZero();
            assertThat(load.pendingCalls()).isZero();
        }
        assertThat(rabbit.count("connections")).as("connections on the private node after the storm (farine's 2 + the test's)")
                .isLessThanOrEqualTo(6);
    }

    /** Waits until every confirmed message was consumed, then writes the figures and checks nothing was lost. */
    private static void report(Figures figures, Load load, Tally tally, long faultAt, long upAt) {
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> load.allConsumed(tally));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported below with the ids
        }
        List<String> lost = load.lost(tally);
        figures.put("messages sent", load.sent.get())
                .put("messages confirmed", load.confirmed.size())
                .put("messages not confirmed (publisher gave up, caller told)", load.unconfirmed.size())
                .put("messages consumed (distinct)", tally.distinct())
                .put("confirmed but never consumed (lost)", lost.size())
                .put("messages consumed more than once (duplicated)", tally.duplicated())
                .put("rpc calls made", load.calls.get())
                .put("rpc calls answered", load.answered.get())
                .put("rpc calls failed, by error", load.failureKinds())
                .put("rpc calls that ended neither answered nor failed (should be 0)", load.calls.get() - load.answered.get()
                        - load.wrong.get() - load.failureKinds().values().stream().mapToLong(Long::longValue).sum())
                .put("rpc calls past deadline + " + Load.SLACK.toMillis() + " ms (hung)", load.overdue.get())
                .put("longest rpc call ms", load.longestCallMillis.get())
                .put("recovery: first rpc answer after the broker is back (or the last close), ms",
                        load.firstAnswerSince(upAt).stream().map(t -> (t - upAt) / 1_000_000).boxed().findFirst().orElse(-1L))
                .put("recovery: first confirm after the broker is back (or the last close), ms",
                        load.firstConfirmSince(upAt).stream().map(t -> (t - upAt) / 1_000_000).boxed().findFirst().orElse(-1L))
                .put("first fault to first rpc answer after the last one, ms",
                        load.firstAnswerSince(upAt).stream().map(t -> (t - faultAt) / 1_000_000).boxed().findFirst().orElse(-1L));
        if (!load.unconfirmed.isEmpty()) {
            figures.put("why not confirmed (sample)", load.unconfirmed.values().stream().map(s -> s.length() > 160 ? s.substring(0, 160) : s)
                    .distinct().limit(3).toList());
        }
        assertThat(lost).as("confirmed messages that were never consumed").isEmpty();
    }
}
