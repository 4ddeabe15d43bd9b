package farine.reliability;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A RabbitMQ node of our own ({@code farine-fault-<random>@localhost} on free loopback ports, data and
 * logs in a temporary directory), so that the fault scenarios can restart it and close all of its
 * connections without disturbing the shared broker on 5672 that other test runs use. One per JVM,
 * started on first use; stopped and its directory removed at JVM exit (also when a test fails).
 */
final class PrivateRabbit {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateRabbit.class);
    private static final Path RABBIT_BIN = Path.of("/usr/lib/rabbitmq/bin");
    private static final Duration BOOT = Duration.ofSeconds(180);
    private static final Duration COMMAND = Duration.ofSeconds(120);

    private final Path dir;
    private final String node;
    private final int port;
    private final int distPort;
    private final ConnectionFactory factory = new ConnectionFactory();

    private PrivateRabbit(Path dir, String node, int port, int distPort) {
        this.dir = dir;
        this.node = node;
        this.port = port;
        this.distPort = distPort;
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        factory.setAutomaticRecoveryEnabled(false);
    }

    /** The node of this JVM, started on first use. */
    static PrivateRabbit get() {
        return Holder.NODE;
    }

    private static final class Holder {
        static final PrivateRabbit NODE = boot();
    }

    private static PrivateRabbit boot() {
        if (!Files.isExecutable(RABBIT_BIN.resolve("rabbitmq-server"))) {
            throw new IllegalStateException("the fault scenarios start a private RabbitMQ node and need rabbitmq-server in "
                    + RABBIT_BIN + " (apt-get install rabbitmq-server); the shared broker is never restarted");
        }
        try {
            Path dir = Files.createTempDirectory("farine-fault-");
            String node = "farine-fault-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
            int port = Ports.free();
            int dist = Ports.free();
            Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
            Files.writeString(dir.resolve("rabbitmq.conf"), String.join("\n",
                    "listeners.tcp.default = 127.0.0.1:" + port,
                    "loopback_users = none",
                    "log.console = false",
                    "log.file.level = warning",
                    ""));
            PrivateRabbit rabbit = new PrivateRabbit(dir, node, port, dist);
            Runtime.getRuntime().addShutdownHook(new Thread(rabbit::destroy, "private-rabbit-stop"));
            rabbit.launch();
            return rabbit;
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare a private RabbitMQ node: " + e, e);
        }
    }

    private void launch() {
        long began = System.nanoTime();
        Process p = Procs.start(List.of(RABBIT_BIN.resolve("rabbitmq-server").toString(), "-detached"), dir, env(), dir.resolve("server.out"));
        Procs.await(p, COMMAND, "rabbitmq-server -detached (" + node + ")");
        // the node registers with epmd only a while after -detached returns: wait for AMQP itself
        awaitAmqp(BOOT);
        LOG.info("private RabbitMQ {} on 127.0.0.1:{} up in {} ms (dir {})", node, port, (System.nanoTime() - began) / 1_000_000, dir);
    }

    private Map<String, String> env() {
        return Map.of(
                "HOME", dir.toString(), // the node's and rabbitmqctl's Erlang cookie live here, not in ~
                "RABBITMQ_NODENAME", node,
                "RABBITMQ_DIST_PORT", String.valueOf(distPort),
                "RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString(),
                "RABBITMQ_LOG_BASE", dir.resolve("log").toString(),
                "RABBITMQ_PID_FILE", dir.resolve("node.pid").toString(),
                "RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString(),
                "RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
    }

    String uri() {
        return "amqp://guest:guest@127.0.0.1:" + port + "/%2F";
    }

    int port() {
        return port;
    }

    String node() {
        return node;
    }

    /** A plain client connection without recovery, for the test's own publishing and inspection. */
    Connection connect(String name) throws Exception {
        return factory.newConnection(name);
    }

    /** {@code rabbitmqctl -n <node> args...}; its output, or an exception with it. */
    String ctl(String... args) {
        return ctl(COMMAND, args);
    }

    private String ctl(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(RABBIT_BIN.resolve("rabbitmqctl").toString(), "-n", node, "-q"));
        command.addAll(List.of(args));
        return Procs.run(command, dir, env(), timeout);
    }

    /** {@code stop_app} then {@code start_app}: the broker goes away and comes back with its durable queues. */
    void restartApp(Duration down) throws InterruptedException {
        ctl("stop_app");
        Thread.sleep(down.toMillis());
        ctl("start_app");
        awaitAmqp(BOOT);
    }

    void stopApp() {
        ctl("stop_app");
    }

    void startApp() {
        ctl("start_app");
        awaitAmqp(BOOT);
    }

    /** Closes every client connection, as a network failure or an operator would. */
    void closeAllConnections(String reason) {
        ctl("close_all_connections", reason);
    }

    int count(String what) {
        String out = ctl("list_" + what, "--no-table-headers", "name");
        return (int) out.lines().filter(l -> !l.isBlank()).count();
    }

    /** Queue name to ready messages (+ unacked) as {@code rabbitmqctl list_queues} shows them. */
    List<String[]> queues() {
        String out = ctl("list_queues", "--no-table-headers", "name", "messages_ready", "messages_unacknowledged", "consumers");
        return out.lines().filter(l -> !l.isBlank()).map(l -> l.split("\t")).toList();
    }

    private void awaitAmqp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = factory.newConnection("private-rabbit-probe")) {
                return;
            } catch (Exception e) {
                last = e;
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IllegalStateException("private RabbitMQ " + node + " does not answer AMQP on 127.0.0.1:" + port + " within "
                + timeout.toSeconds() + " s: " + last + "; log in " + dir.resolve("log"));
    }

    /** Stops the node (kills it if it will not stop) and removes its directory. Never throws. */
    private void destroy() {
        try {
            ctl(Duration.ofSeconds(60), "stop");
        } catch (RuntimeException e) {
            LOG.warn("rabbitmqctl stop of {} failed: {}", node, e.getMessage());
        }
        try {
            Path pidFile = dir.resolve("node.pid");
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).strip());
                ProcessHandle.of(pid).ifPresent(h -> {
                    h.destroyForcibly();
                    h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(x -> null).join();
                });
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot kill the private node {}: {}", node, e.toString());
        }
        Procs.deleteTree(dir);
    }
}
