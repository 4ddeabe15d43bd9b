package farine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import farine.Config;
import farine.Container;
import farine.testing.RabbitCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenarios 9 and 10: a private three-node RabbitMQ cluster (farine-testing's {@link RabbitCluster}, started
 * once for the class), the service on quorum queues ({@code queue_type = quorum}), its {@code amqp_uri}
 * naming every node. Under RPC calls and confirmed publishes, the node the clients are connected to stops
 * (stop_app) and comes back; then the node that leads the consumer's quorum queue stops while the clients
 * are connected elsewhere. Every confirmed message must be consumed, every call end by its deadline, and
 * traffic flow again through another node.
 */
class ClusterFaultIT {

    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(3);
    private static final String QUEUE = Traffic.EXCHANGE; // the @Consume queue: named after its routing key

    private static RabbitCluster cluster;
    private Container container;

    @BeforeAll
    static void startCluster() {
        cluster = RabbitCluster.start(3);
        new Figures("9 cluster start").put("3 nodes booted, joined and answering AMQP, ms", cluster.startTime().toMillis());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
            assertThat(cluster.processes()).as("Erlang VMs of the private cluster left after close").isEmpty();
        }
    }

    private void startService(String uri) {
        container = Container.create(Config.of(Map.of(
                "DEFAULT", Map.of("amqp_uri", uri, "queue_type", "quorum", "shutdown_timeout", "10s", "connect_timeout", "60s"),
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
    void theConnectedNodeStopsAndTheServiceMovesToAnotherLosingNothingConfirmed() throws Exception {
        startService(cluster.amqpUri()); // node 0 first: everyone connects there
        assertThat(cluster.ctl(0, "list_queues", "--no-table-headers", "name", "type"))
                .as("@Consume, its dead-letter queue and the RPC request queue are quorum queues")
                .containsPattern("(?m)^" + QUEUE + "\\s+quorum$").containsPattern("(?m)^" + QUEUE + ".dead\\s+quorum$")
                .containsPattern("(?m)^traffic__echo\\s+quorum$");
        Tally tally = Tally.fresh("traffic");
        Figures figures = new Figures("9 cluster: the connected node stops (stop_app), then starts");
        try (Load load = new Load("node-", cluster.amqpUri(), Traffic.EXCHANGE, "traffic", RPC_TIMEOUT, 4, Duration.ofMillis(2))) {
            load.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.answered.get() > 200 && tally.distinct() > 200);
            long downAt = System.nanoTime();
            cluster.stopApp(0);
            // the clients go to node 1 or 2 and traffic flows again while node 0 is down
            await().atMost(Duration.ofSeconds(60)).until(() -> load.answeredSince(downAt) > 200 && load.firstConfirmSince(downAt).isPresent());
            long movedMs = (load.firstAnswerSince(downAt).getAsLong() - downAt) / 1_000_000;
            cluster.startApp(0);
            long upAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.answeredSince(upAt) > 200);
            load.stop();
            figures.put("first rpc answer after the node stopped (through another node), ms", movedMs);
            Reports.traffic(figures, load, tally, downAt, upAt);
            assertThat(load.overdue.get()).as("calls that returned later than deadline + %s", Load.SLACK).isZero();
            assertThat(load.wrong.get()).as("calls answered with another call's result").isZero();
            assertThat(load.pendingCalls()).as("pending call entries left in the client").isZero();
        }
    }

    @Test
    void theQueueLeaderStopsWhileTheClientsAreElsewhereAndNothingConfirmedIsLost() throws Exception {
        // the queue exists (declared by a first start); its leader is where it is: connect to another node
        startService(cluster.amqpUri());
        int leader = cluster.leaderOf(QUEUE, 0);
        assertThat(leader).as("leader of quorum queue " + QUEUE).isNotNegative();
        container.stop();
        int other = (leader + 1) % 3;
        String uri = cluster.amqpUri(other, (leader + 2) % 3, leader);
        startService(uri);
        Tally tally = Tally.fresh("traffic");
        Figures figures = new Figures("10 cluster: the quorum queue's leader node stops (stop_app), clients on another node");
        try (Load load = new Load("leader-", uri, Traffic.EXCHANGE, "traffic", RPC_TIMEOUT, 4, Duration.ofMillis(2))) {
            load.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.answered.get() > 200 && tally.distinct() > 200);
            long downAt = System.nanoTime();
            int consumedBefore = tally.distinct();
            cluster.stopApp(leader);
            // the queue goes on with the leader the others elect: confirms and deliveries continue
            await().atMost(Duration.ofSeconds(60)).until(() -> load.firstConfirmSince(downAt).isPresent() && tally.distinct() > consumedBefore + 200);
            int newLeader = cluster.leaderOf(QUEUE, other);
            cluster.startApp(leader);
            long upAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.answeredSince(upAt) > 200);
            load.stop();
            figures.put("leader before / after (node index)", leader + " / " + newLeader);
            Reports.traffic(figures, load, tally, downAt, upAt);
            assertThat(newLeader).as("a new leader was elected among the running nodes").isNotEqualTo(leader).isNotNegative();
            assertThat(load.overdue.get()).as("calls that returned later than deadline + %s", Load.SLACK).isZero();
            assertThat(load.wrong.get()).isZero();
            assertThat(load.pendingCalls()).isZero();
        }
    }
}
