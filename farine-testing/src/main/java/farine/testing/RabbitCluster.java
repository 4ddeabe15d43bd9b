package farine.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private RabbitMQ cluster for tests: {@code n} nodes of the installed {@code rabbitmq-server}
 * ({@code /usr/lib/rabbitmq/bin}) on free loopback ports, each with its own node name
 * ({@code farine-cl-<random>-<i>@localhost}) and data directory, sharing an Erlang cookie of their own
 * (never the shared broker's), joined with {@code rabbitmqctl join_cluster}. Nothing of the shared broker
 * on 5672 is touched. Start it once per test class (three nodes cost some 100 MB each and tens of seconds
 * of CPU to boot) and close it at the end; a JVM shutdown hook stops the nodes too if the test dies.
 *
 * <pre>{@code
 * try (RabbitCluster cluster = RabbitCluster.start(3)) {
 *     Config config = Config.of(Map.of("DEFAULT", Map.of("amqp_uri", cluster.amqpUri(), "queue_type", "quorum")));
 *     cluster.stopApp(0); // the first node goes away: clients move to the next
 * }
 * }</pre>
 */
public final class RabbitCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RabbitCluster.class);
    private static final Path RABBIT_BIN = Path.of("/usr/lib/rabbitmq/bin");
    private static final Duration BOOT = Duration.ofSeconds(180);
    private static final Duration COMMAND = Duration.ofSeconds(120);
    private static final int LOW_PORT = 20_000;
    private static final int HIGH_PORT = 32_000;

    private final Path dir;
    private final List<Node> nodes;
    private volatile Duration startTime = Duration.ZERO;
    private final Thread hook;

    /** One node: its Erlang name, AMQP port, distribution port and directory (where rabbitmq-server writes {@code node.pid}). */
    public record Node(String name, int port, int distPort, Path dir) {

        /**
         * Kills the node's Erlang VM by the pid in {@code dir/node.pid}, if it still runs, and waits up to 10 s for it to
         * exit: what is left to do after a {@code rabbitmqctl stop} that failed, so that a test run leaves no VM behind.
         * Also for a node started by other means with {@code RABBITMQ_PID_FILE} there. Never throws (logs at WARN).
         */
        public void kill() {
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
                LOG.warn("cannot kill node {}: {}", name, e.toString());
            }
        }
    }

    private RabbitCluster(Path dir, List<Node> nodes) {
        this.dir = dir;
        this.nodes = nodes;
        this.hook = new Thread(this::destroy, "rabbit-cluster-stop");
    }

    /**
     * Boots {@code size} nodes at once, joins nodes 1.. to node 0 and waits until every node answers AMQP.
     *
     * @throws IllegalStateException when rabbitmq-server is not installed or a node does not come up (the
     *     message names the node's log directory); the nodes already started are stopped
     */
    public static RabbitCluster start(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster has at least one node, not " + size);
        }
        if (!Files.isExecutable(RABBIT_BIN.resolve("rabbitmq-server"))) {
            throw new IllegalStateException("a private RabbitMQ cluster needs rabbitmq-server in " + RABBIT_BIN
                    + " (apt-get install rabbitmq-server); the shared broker is never used for it");
        }
        long began = System.nanoTime();
        RabbitCluster cluster;
        try {
            Path dir = Files.createTempDirectory("farine-cluster-");
            // the cookie every node and rabbitmqctl read from $HOME: the cluster's own
            Path cookie = dir.resolve(".erlang.cookie");
            Files.writeString(cookie, UUID.randomUUID().toString().replace("-", "").toUpperCase());
            Files.setPosixFilePermissions(cookie, PosixFilePermissions.fromString("r--------"));
            String id = UUID.randomUUID().toString().substring(0, 6);
            List<Node> nodes = new ArrayList<>();
            List<Integer> taken = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                Path nodeDir = Files.createDirectories(dir.resolve("node" + i));
                Node node = new Node("farine-cl-" + id + "-" + i + "@localhost", freePort(taken), freePort(taken), nodeDir);
                Files.writeString(nodeDir.resolve("enabled_plugins"), "[].\n");
                Files.writeString(nodeDir.resolve("rabbitmq.conf"), String.join("\n",
                        "listeners.tcp.default = 127.0.0.1:" + node.port(),
                        "loopback_users = none",
                        "log.console = false",
                        "log.file.level = warning",
                        ""));
                nodes.add(node);
            }
            cluster = new RabbitCluster(dir, List.copyOf(nodes));
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare a private RabbitMQ cluster: " + e, e);
        }
        Runtime.getRuntime().addShutdownHook(cluster.hook);
        try {
            cluster.boot();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        cluster.startTime = Duration.ofNanos(System.nanoTime() - began);
        LOG.info("private RabbitMQ cluster of {} nodes up in {} ms: {}", size, cluster.startTime.toMillis(),
                cluster.nodes.stream().map(n -> n.name() + " on 127.0.0.1:" + n.port()).collect(Collectors.joining(", ")));
        return cluster;
    }

    private void boot() {
        // every node boots at once (the slow part: the Erlang VM and the broker's start-up)
        List<CompletableFuture<Void>> booting = nodes.stream().map(n -> CompletableFuture.runAsync(() -> {
            run(List.of(RABBIT_BIN.resolve("rabbitmq-server").toString(), "-detached"), env(n), COMMAND);
            awaitAmqp(n, BOOT);
        }, runnable -> Thread.ofVirtual().start(runnable))).toList();
        try {
            CompletableFuture.allOf(booting.toArray(CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        for (int i = 1; i < nodes.size(); i++) {
            ctl(i, "stop_app");
            ctl(i, "join_cluster", nodes.getFirst().name());
            ctl(i, "start_app");
            awaitAmqp(nodes.get(i), BOOT);
        }
        String status = ctl(0, "cluster_status", "--formatter", "json");
        for (Node n : nodes) {
            if (!status.contains(n.name())) {
                throw new IllegalStateException("node " + n.name() + " is not in the cluster after join_cluster: " + status);
            }
        }
    }

    /** The nodes, node 0 first. */
    public List<Node> nodes() {
        return nodes;
    }

    /** How long {@link #start} took: boot of every node, joins, until each one answers AMQP. */
    public Duration startTime() {
        return startTime;
    }

    /** {@code amqp://guest:guest@127.0.0.1:p0,127.0.0.1:p1,.../%2F}: every node, node 0 first. */
    public String amqpUri() {
        return amqpUri(IntStream.range(0, nodes.size()).toArray());
    }

    /** The URI naming the given nodes, in that order (one node: a plain single-host URI). */
    public String amqpUri(int... order) {
        return "amqp://guest:guest@" + IntStream.of(order).mapToObj(i -> "127.0.0.1:" + nodes.get(i).port())
                .collect(Collectors.joining(",")) + "/%2F";
    }

    /** {@code rabbitmqctl -n <node i> -q args...}; its output, or an IllegalStateException with it. */
    public String ctl(int node, String... args) {
        List<String> command = new ArrayList<>(List.of(RABBIT_BIN.resolve("rabbitmqctl").toString(), "-n", nodes.get(node).name(), "-q"));
        command.addAll(List.of(args));
        return run(command, env(nodes.get(node)), COMMAND);
    }

    /** {@code rabbitmq-queues -n <node i> -q args...} (quorum queue tools: {@code quorum_status}, ...). */
    public String queues(int node, String... args) {
        List<String> command = new ArrayList<>(List.of(RABBIT_BIN.resolve("rabbitmq-queues").toString(), "-n", nodes.get(node).name(), "-q"));
        command.addAll(List.of(args));
        return run(command, env(nodes.get(node)), COMMAND);
    }

    /** Stops the broker application of a node (its Erlang VM stays): its clients lose their connections. */
    public void stopApp(int node) {
        ctl(node, "stop_app");
    }

    /** Starts the application of a stopped node again and waits until it answers AMQP. */
    public void startApp(int node) {
        ctl(node, "start_app");
        awaitAmqp(nodes.get(node), BOOT);
    }

    /**
     * The index of the node that leads the quorum queue {@code queue} in vhost {@code /} (asked of
     * {@code askNode}, a running node), or -1 when no node is named.
     */
    public int leaderOf(String queue, int askNode) {
        String out = ctl(askNode, "list_queues", "--no-table-headers", "name", "leader");
        for (String line : out.split("\n")) {
            String[] cols = line.strip().split("\t");
            if (cols.length >= 2 && cols[0].equals(queue)) {
                for (int i = 0; i < nodes.size(); i++) {
                    if (cols[1].equals(nodes.get(i).name())) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    /** The operating-system processes of this cluster still alive (its Erlang VMs name its nodes); none after {@link #close}. */
    public List<ProcessHandle> processes() {
        String prefix = nodes.getFirst().name().substring(0, nodes.getFirst().name().lastIndexOf('-') + 1);
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(prefix)).toList();
    }

    /** Stops every node and removes the cluster's directory. Never throws; idempotent. */
    @Override
    public void close() {
        destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway
        }
    }

    private synchronized void destroy() {
        if (!Files.exists(dir)) {
            return;
        }
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            int index = i;
            stopping.add(CompletableFuture.runAsync(() -> stopNode(index), r -> Thread.ofVirtual().start(r)));
        }
        stopping.forEach(f -> f.exceptionally(x -> null).join());
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot remove {}: {}", dir, e.toString());
        }
    }

    private void stopNode(int i) {
        Node node = nodes.get(i);
        try {
            run(List.of(RABBIT_BIN.resolve("rabbitmqctl").toString(), "-n", node.name(), "-q", "stop"), env(node), Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            LOG.debug("rabbitmqctl stop of {}: {}", node.name(), e.getMessage());
        }
        node.kill(); // whatever did not stop: a test run leaves no Erlang VM behind
    }

    private Map<String, String> env(Node node) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString()); // the cluster's cookie, for the nodes and rabbitmqctl
        env.put("RABBITMQ_NODENAME", node.name());
        env.put("RABBITMQ_DIST_PORT", String.valueOf(node.distPort()));
        env.put("RABBITMQ_MNESIA_BASE", node.dir().resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", node.dir().resolve("log").toString());
        env.put("RABBITMQ_PID_FILE", node.dir().resolve("node.pid").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", node.dir().resolve("enabled_plugins").toString());
        env.put("RABBITMQ_CONFIG_FILE", node.dir().resolve("rabbitmq.conf").toString());
        return env;
    }

    private void awaitAmqp(Node node, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            // the AMQP header answered by a connection.start frame: the broker is accepting clients
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), node.port()), 1000);
                socket.setSoTimeout(5000);
                socket.getOutputStream().write(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
                if (socket.getInputStream().read() == 1) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + node.name(), e);
            }
        }
        throw new IllegalStateException("node " + node.name() + " does not answer AMQP on 127.0.0.1:" + node.port() + " within "
                + timeout.toSeconds() + " s (" + last + "); its log is in " + node.dir().resolve("log"));
    }

    private String run(List<String> command, Map<String, String> env, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        }, r -> Thread.ofVirtual().start(r));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            String text = output.get(10, TimeUnit.SECONDS);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit " + process.exitValue() + ": " + text.strip());
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(String.join(" ", command) + ": output not readable: " + e, e);
        }
    }

    /**
     * A free loopback port below Linux's ephemeral range (32768-60999), where an outgoing connection could
     * take it while a node is down; not 25672 (the shared broker's distribution port).
     */
    private static int freePort(List<Integer> taken) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW_PORT, HIGH_PORT);
            if (port == 25_672 || taken.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                taken.add(port);
                return port;
            } catch (IOException busy) {
                // another one
            }
        }
        throw new IllegalStateException("no free port between " + LOW_PORT + " and " + HIGH_PORT + " after 200 attempts");
    }
}
