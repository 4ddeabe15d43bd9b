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
            Reports.traffic(figures, load, tally, downAt, upAt);
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
            Reports.traffic(figures, load, tally, firstCloseAt, lastCloseAt);
            assertThat(load.overdue.get()).as("calls that returned later than deadline + %s", Load.SLACK).isZero();
            assertThat(load.wrong.get()).isZero();
            assertThat(load.pendingCalls()).isZero();
        }
        // farine's 3 (consume, publish, and serve for its RPC method) + the test's: none left over from the recoveries
        assertThat(rabbit.count("connections")).as("connections on the private node after the storm (farine's 3 + the test's)")
                .isLessThanOrEqualTo(7);
    }
}
