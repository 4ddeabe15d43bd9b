package farine.bench;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Start-up and memory, each server in a fresh JVM ({@link Serve}): the time from spawning it to
 * the reply to a request queued before it started; then its resident size, heap after a full GC
 * and platform threads, idle and under pipelined load; and the bytes it allocates per call served.
 */
final class ProcessBench {

    static final Metric STARTUP = Metric.of("startup.serve", "start-up to first call, new JVM (Serve)", "ms");
    static final Metric LAUNCHER = Metric.of("startup.launcher", "launcher start-up to first call", "ms", Target.farineBelow(1000));
    static final Metric IDLE_RSS = Metric.of("memory.idle.rss", "RSS, idle service", "MB");
    static final Metric IDLE_HEAP = Metric.of("memory.idle.heap", "heap after GC, idle service", "MB", Target.farineBelow(64));
    static final Metric IDLE_THREADS = Metric.of("memory.idle.threads", "threads, idle service", "threads");
    static final Metric LOAD_RSS = Metric.of("memory.load.rss", "RSS, under pipelined load", "MB");
    static final Metric LOAD_HEAP = Metric.of("memory.load.heap", "heap in use, under pipelined load", "MB");
    static final Metric LOAD_THREADS = Metric.of("memory.load.threads", "threads, under pipelined load", "threads");
    static final Metric SERVER_ALLOC = Metric.of("memory.server.alloc", "alloc per RPC call, server", "KB");

    private static final double MB = 1024.0 * 1024.0;

    private final Bench options;
    private final Broker broker;
    private final Wire wire;

    ProcessBench(Bench options, Broker broker, Wire wire) {
        this.options = options;
        this.broker = broker;
        this.wire = wire;
    }

    void run(Results results) throws Exception {
        Path log = scratch().resolve("bench-servers.log");
        Files.createDirectories(log.getParent());
        Connection connection = broker.connect("process client");
        for (int round = 0; round < options.processRounds; round++) {
            System.out.printf("process round %d/%d%n", round + 1, options.processRounds);
            for (Side side : sides()) {
                measure(side, connection, log, results);
            }
            if (round == 0) {
                primeClassCache(connection, log);
            }
            launcher(connection, log, results);
        }
    }

    /**
     * bin/farine on JDK 25 records the classes it loads on its first run and assembles its AOT cache in the
     * background on the second (a training run that also calls farine's hot paths, for the JIT's profiles): two
     * unrecorded runs, then the cache, so that every recorded run has it. A cache already there is left alone.
     */
    void primeClassCache(Connection connection, Path log) throws Exception {
        if (Launcher.classCacheReady()) {
            return;
        }
        launcher(connection, log, null);
        launcher(connection, log, null);
        Launcher.awaitClassCache(Duration.ofSeconds(120));
    }

    /**
     * {@code bin/farine --start=<the farine Serve service>} (or, where this branch has no bin/farine, the
     * launcher's main class with the classpath the build lays out) to the reply to a request queued before
     * it started. {@code results} null: a warm-up run, not recorded.
     */
    private void launcher(Connection connection, Path log, Results results) throws Exception {
        List<String> command = Launcher.command(scratch().resolve("bench-launcher.ini"), broker.uri());
        if (command == null) {
            System.out.println("launcher start-up skipped: neither bin/farine nor farine-cli/target/lib (build with -pl farine-cli)");
            return;
        }
        String service = FarineServices.FarineServe.NAME;
        declare(broker, connection, service);
        try (RawRpcClient client = RawRpcClient.start(connection, service, wire)) {
            long spawned = System.nanoTime();
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("FARINE_NO_BUILD", "1");
            builder.environment().put("FARINE_AOT_TRAINING_DELAY", "0"); // a run that trains is not recorded
            try (ServerProcess server = ServerProcess.start(builder, log)) {
                server.awaitReply(client.echoAsync(wire.text()), Duration.ofSeconds(60), "the launcher, " + command.getFirst(), log);
                if (results != null) {
                    results.add(LAUNCHER, Side.FARINE, (System.nanoTime() - spawned) / 1e6);
                    results.context("launcher", String.join(" ", command));
                }
            }
        }
    }

    private List<Side> sides() {
        return List.of(Side.RAW, Side.FARINE);
    }

    private void measure(Side side, Connection connection, Path log, Results results) throws Exception {
        // farine's service name comes from its annotation; raw gets a fresh one per round
        String service = side == Side.FARINE ? FarineServices.FarineServe.NAME : broker.unique("serve");
        declare(broker, connection, service);
        try (RawRpcClient client = RawRpcClient.start(connection, service, wire)) {
            long spawned = System.nanoTime();
            try (ServerProcess server = ServerProcess.serve(side.label(), broker.uri().toString(), service, log)) {
                // the request waits in the queue: it is served as soon as the server consumes
                server.awaitReply(client.echoAsync(wire.text()), Duration.ofSeconds(60), "the " + side.label() + " server process", log);
                results.add(STARTUP, side, (System.nanoTime() - spawned) / 1e6);
                if (!options.only.contains(Bench.Part.memory)) {
                    return;
                }
                ProcessStats idle = server.stats(true);
                results.add(IDLE_RSS, side, idle.rssBytes() / MB);
                results.add(IDLE_HEAP, side, idle.heapUsedBytes() / MB);
                results.add(IDLE_THREADS, side, idle.threads());
                long calls = load(client, server, side, results);
                ProcessStats after = server.stats(true);
                results.add(SERVER_ALLOC, side, (after.allocatedBytes() - idle.allocatedBytes()) / 1024.0 / calls);
            }
        }
    }

    /** Pipelined calls for the run duration; takes live stats half-way. Returns the calls made. */
    private long load(RawRpcClient client, ServerProcess server, Side side, Results results) throws Exception {
        Duration duration = options.runDuration();
        Semaphore window = new Semaphore(options.inFlight);
        long start = System.nanoTime();
        long halfway = start + duration.toNanos() / 2;
        long deadline = start + duration.toNanos();
        boolean sampled = false;
        long calls = 0;
        for (long now = start; now < deadline; now = System.nanoTime()) {
            if (!sampled && now >= halfway) {
                ProcessStats live = server.stats(false);
                results.add(LOAD_RSS, side, live.rssBytes() / MB);
                results.add(LOAD_HEAP, side, live.heapUsedBytes() / MB);
                results.add(LOAD_THREADS, side, live.threads());
                sampled = true;
            }
            if (!window.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(side.label() + " server process: no reply for 30 s under load");
            }
            CompletableFuture<String> reply = client.echoAsync(wire.text());
            reply.whenComplete((value, error) -> window.release());
            calls++;
        }
        if (!window.tryAcquire(options.inFlight, 30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(side.label() + " server process: replies missing 30 s after the load");
        }
        return calls;
    }

    /** Where the servers' log and the launcher's INI go: farine-bench/target when run from the tree (not beside --out, which may be docs/). */
    private static Path scratch() {
        Path target = Path.of("farine-bench", "target");
        return Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** The server's topology, declared up front with PROTOCOL.md §1 flags so that a request can wait in it. */
    static void declare(Broker broker, Connection connection, String service) throws Exception {
        try (Channel channel = connection.createChannel()) {
            channel.exchangeDeclare(service, BuiltinExchangeType.DIRECT, true, false, null);
            broker.exchangeDeclared(service);
            for (String method : List.of(RawRpcServer.ECHO, RawRpcServer.ITEMS)) {
                String queue = service + "__" + method;
                channel.queueDeclare(queue, true, false, false, null);
                broker.queueDeclared(queue);
                channel.queueBind(queue, service, queue);
            }
        }
    }
}
