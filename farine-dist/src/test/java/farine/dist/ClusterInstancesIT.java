package farine.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import farine.amqp.Publisher;
import farine.dist.fleet.Fleet;
import farine.rpc.RpcCaller;
import farine.rpc.RpcClients;
import farine.testing.RabbitCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three instances of one service, each a real {@code bin/farine} process of the unpacked distribution, on a
 * private three-node RabbitMQ cluster with quorum queues, under RPC calls and confirmed publishes: the
 * share of the work per instance; a rolling restart (SIGTERM one, wait until it serves again, the next)
 * that must fail no call and lose no job; then a kill -9 of one, whose unacknowledged jobs go to the
 * others, and no call outlives its deadline. The figures are printed (FIGURE lines).
 */
class ClusterInstancesIT {

    private static final int INSTANCES = 3;
    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SLACK = Duration.ofMillis(1500);
    private static final Duration START = Duration.ofSeconds(120);
    private static final Pattern DONE = Pattern.compile("\"id\":\"([^\"]+)\".*\"instance\":\"([^\"]+)\"|\"instance\":\"([^\"]+)\".*\"id\":\"([^\"]+)\"");

    private static RabbitCluster cluster;
    private static Distribution dist;
    private static Path work;
    private static final Process[] processes = new Process[INSTANCES];
    private static final int[] generation = new int[INSTANCES];

    // what the test saw
    private static final Map<String, AtomicInteger> done = new ConcurrentHashMap<>(); // job id -> times done
    private static final Map<String, AtomicLong> jobsBy = new ConcurrentHashMap<>(); // instance -> jobs done
    private static final Map<String, AtomicLong> callsBy = new ConcurrentHashMap<>(); // instance -> calls answered
    private static final Map<String, Long> lastAnswerBy = new ConcurrentHashMap<>(); // instance -> nanoTime of its last answer
    private static final AtomicLong calls = new AtomicLong();
    private static final AtomicLong failed = new AtomicLong();
    private static final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private static final AtomicLong hung = new AtomicLong();
    private static final Map<Long, Boolean> confirmed = new ConcurrentHashMap<>();
    private static final AtomicLong unconfirmed = new AtomicLong();
    private static Connection doneConnection;
    private static volatile ScheduledExecutorService load;

    @BeforeAll
    static void startFleet() throws Exception {
        cluster = RabbitCluster.start(3);
        System.out.printf("FIGURE cluster instances | private 3-node cluster up, ms: %d%n", cluster.startTime().toMillis());
        dist = Distribution.unpack();
        work = dist.workDir("fleet");
        // every instance: the cluster's nodes in its own order, so that the connections spread over them
        for (int i = 0; i < INSTANCES; i++) {
            Files.writeString(work.resolve("fleet-" + i + ".ini"), String.join("\n",
                    "[DEFAULT]",
                    "amqp_uri = " + cluster.amqpUri(i, (i + 1) % 3, (i + 2) % 3),
                    "queue_type = quorum",
                    "shutdown_timeout = 15s",
                    "connect_timeout = 60s",
                    "[fleet]",
                    "prefetch = 8",
                    "concurrency = 2",
                    "work.concurrency = 4",
                    ""));
        }
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(cluster.amqpUri(0));
        doneConnection = factory.newConnection("cluster-instances-it");
        Channel ch = doneConnection.createChannel();
        ch.exchangeDeclare(Fleet.DONE, "direct", true, false, null);
        ch.queueDeclare(Fleet.DONE, true, false, false, Map.of("x-queue-type", "quorum"));
        ch.queueBind(Fleet.DONE, Fleet.DONE, Fleet.DONE);
        ch.basicQos(500);
        ch.basicConsume(Fleet.DONE, true, (tag, m) -> {
            Matcher match = DONE.matcher(new String(m.getBody(), StandardCharsets.UTF_8));
            if (match.find()) {
                String id = match.group(1) != null ? match.group(1) : match.group(4);
                String instance = match.group(2) != null ? match.group(2) : match.group(3);
                done.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                jobsBy.computeIfAbsent(instance, k -> new AtomicLong()).incrementAndGet();
            }
        }, tag -> { });
        for (int i = 0; i < INSTANCES; i++) {
            processes[i] = startInstance(i);
        }
        for (int i = 0; i < INSTANCES; i++) {
            Distribution.awaitLog(processes[i], log(i), "ready in", START);
        }
    }

    @AfterAll
    static void stopFleet() throws Exception {
        stopLoad();
        for (Process p : processes) {
            if (p != null) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (doneConnection != null) {
            doneConnection.abort();
        }
        if (cluster != null) {
            cluster.close();
            assertThat(cluster.processes()).as("Erlang VMs of the private cluster left").isEmpty();
        }
        if (dist != null) {
            dist.close();
        }
    }

    private static Path log(int i) {
        return work.resolve("instance-" + i + "-" + generation[i] + ".out");
    }

    private static Process startInstance(int i) throws Exception {
        generation[i]++;
        Path classes = Path.of(Fleet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return dist.start(work, log(i).getFileName().toString(), Map.of("FLEET_INSTANCE", "i" + i, "FARINE_CDS", "0"),
                "--start=farine.dist.fleet", "--classpath=" + classes, "--config=fleet-" + i + ".ini");
    }

    @Test
    void threeInstancesShareTheWorkARollingRestartFailsNothingAndAKillLosesNothing() throws Exception {
        try (RpcClients clients = RpcClients.connect(cluster.amqpUri());
             Publisher.Standalone publisher = Publisher.connect(cluster.amqpUri(), Fleet.JOBS)) {
            RpcCaller caller = clients.caller("fleet").withTimeout(RPC_TIMEOUT);
            startLoad(caller, publisher);

            // 1 the share: a while of steady load
            long steadyFrom = calls.get();
            await().atMost(Duration.ofSeconds(120)).until(() -> calls.get() > steadyFrom + 600 && done.size() > 300);
            Map<String, Long> callShare = snapshot(callsBy);
            Map<String, Long> jobShare = snapshot(jobsBy);
            figure("steady: rpc calls answered per instance", callShare);
            figure("steady: jobs done per instance", jobShare);
            assertThat(callShare.keySet()).as("instances that answered calls").hasSize(INSTANCES);
            assertThat(jobShare.keySet()).as("instances that did jobs").hasSize(INSTANCES);

            // 2 rolling restart: SIGTERM one, wait until it is back and answering, then the next
            long rollingFrom = System.nanoTime();
            long failedBefore = failed.get();
            for (int i = 0; i < INSTANCES; i++) {
                Process old = processes[i];
                long stopAt = System.nanoTime();
                old.destroy(); // SIGTERM
                assertThat(old.waitFor(60, TimeUnit.SECONDS)).as("instance " + i + " stopped within 60 s of SIGTERM").isTrue();
                assertThat(old.exitValue()).as("exit status of instance " + i + " after SIGTERM; its log:\n" + Distribution.read(log(i))).isZero();
                long stoppedMs = (System.nanoTime() - stopAt) / 1_000_000;
                processes[i] = startInstance(i);
                Distribution.awaitLog(processes[i], log(i), "ready in", START);
                long back = System.nanoTime();
                String name = "i" + i;
                await().atMost(Duration.ofSeconds(60)).until(() -> lastAnswerBy.getOrDefault(name, 0L) > back);
                System.out.printf("FIGURE cluster instances | rolling restart of i%d: SIGTERM to exit %d ms, SIGTERM to answering again %d ms%n",
                        i, stoppedMs, (System.nanoTime() - stopAt) / 1_000_000);
            }
            long rollingFailed = failed.get() - failedBefore;
            figure("rolling restart: rpc calls failed", rollingFailed + " " + failures);
            figure("rolling restart: total s", (System.nanoTime() - rollingFrom) / 1_000_000_000);
            assertThat(rollingFailed).as("calls failed during the rolling restart: " + failures).isZero();

            // 3 kill -9 of one instance: its unacknowledged jobs and requests go to the others
            long killFailedBefore = failed.get();
            long callsAtKill = calls.get();
            processes[1].destroyForcibly();
            assertThat(processes[1].waitFor(30, TimeUnit.SECONDS)).isTrue();
            long killedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> calls.get() > callsAtKill + 300);
            figure("kill -9 of i1: rpc calls failed", (failed.get() - killFailedBefore) + " " + failures);
            figure("kill -9 of i1: calls made after the kill, s", (System.nanoTime() - killedAt) / 1_000_000_000);

            // the end: stop the load, every confirmed job done at least once
            stopLoad();
            await().atMost(Duration.ofSeconds(90)).until(() -> confirmed.keySet().stream().allMatch(n -> done.containsKey("job-" + n)));
            long lost = confirmed.keySet().stream().filter(n -> !done.containsKey("job-" + n)).count();
            long twice = done.values().stream().filter(c -> c.get() > 1).count();
            figure("jobs confirmed / not confirmed", confirmed.size() + " / " + unconfirmed.get());
            figure("jobs done (distinct) / lost / done twice", done.size() + " / " + lost + " / " + twice);
            figure("rpc calls made / failed / past deadline + 1.5 s (hung)", calls.get() + " / " + failed.get() + " / " + hung.get());
            figure("total rpc calls answered per instance", snapshot(callsBy));
            figure("total jobs done per instance", snapshot(jobsBy));
            assertThat(lost).as("confirmed jobs never done").isZero();
            assertThat(hung.get()).as("calls that returned later than their deadline + 1.5 s").isZero();
        }
    }

    /**
     * The load, paced by a scheduler rather than by sleeping threads: a job published every 10 ms (at most 200
     * unconfirmed), and four lanes of RPC calls, each starting its next call 5 ms after the last ended, or 100 ms after
     * a failed one.
     */
    private static void startLoad(RpcCaller caller, Publisher.Standalone publisher) {
        Semaphore inFlight = new Semaphore(200);
        AtomicLong jobs = new AtomicLong();
        load = Executors.newScheduledThreadPool(5, Thread.ofPlatform().name("fleet-load-", 0).daemon().factory());
        load.scheduleAtFixedRate(() -> {
            if (!inFlight.tryAcquire()) {
                return; // 200 unconfirmed: this tick publishes nothing
            }
            long number = jobs.getAndIncrement();
            try {
                publisher.sendAsync(Fleet.JOBS, new Fleet.Job("job-" + number)).whenComplete((ok, failure) -> {
                    inFlight.release();
                    if (failure == null) {
                        confirmed.put(number, true);
                    } else {
                        unconfirmed.incrementAndGet();
                    }
                });
            } catch (RuntimeException e) { // refused at once: unconfirmed, and the schedule goes on
                inFlight.release();
                unconfirmed.incrementAndGet();
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
        for (int lane = 0; lane < 4; lane++) {
            AtomicInteger next = new AtomicInteger(lane * 1_000_000);
            long[] notBefore = {0};
            load.scheduleWithFixedDelay(() -> {
                if (System.nanoTime() < notBefore[0]) {
                    return;
                }
                calls.incrementAndGet();
                long began = System.nanoTime();
                try {
                    String answer = caller.call(String.class, "work", next.getAndIncrement());
                    String instance = answer.substring(0, answer.indexOf(':'));
                    callsBy.computeIfAbsent(instance, k -> new AtomicLong()).incrementAndGet();
                    lastAnswerBy.put(instance, System.nanoTime());
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                    String kind = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replaceAll("[0-9a-f]{32}", "<id>")
                            .replaceAll("\\d+", "N");
                    failures.computeIfAbsent(kind.length() > 120 ? kind.substring(0, 120) : kind, k -> new AtomicLong()).incrementAndGet();
                    notBefore[0] = System.nanoTime() + Duration.ofMillis(100).toNanos();
                } finally {
                    if (System.nanoTime() - began > RPC_TIMEOUT.plus(SLACK).toNanos()) {
                        hung.incrementAndGet();
                    }
                }
            }, 0, 5, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops scheduling load and waits for the calls under way (each ends by its deadline). */
    private static void stopLoad() throws InterruptedException {
        ScheduledExecutorService running = load;
        load = null;
        if (running != null) {
            running.shutdown();
            assertThat(running.awaitTermination(RPC_TIMEOUT.plus(SLACK).toMillis() + 5_000, TimeUnit.MILLISECONDS))
                    .as("load stopped within a call's deadline").isTrue();
        }
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> counts) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    private static void figure(String what, Object value) {
        System.out.printf("FIGURE cluster instances | %s: %s%n", what, value);
    }
}
