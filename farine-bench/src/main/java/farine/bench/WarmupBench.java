package farine.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

/**
 * The warm-up curve: a service started in a new JVM (farine by {@code bin/farine}, the plain tutorial server by
 * {@link Serve}), loaded from its first second with pipelined calls from this (already warm) JVM; calls answered
 * per second for {@code seconds} after its first reply. Rows: the first 5 s, the last third (its steady state),
 * and the first 5 s over its own steady state.
 */
final class WarmupBench {

    static final Metric FIRST = Metric.of("warmup.first5", "pipelined calls/s, first 5 s after start", "calls/s");
    static final Metric STEADY = Metric.of("warmup.steady", "pipelined calls/s, last third of the warm-up run", "calls/s");
    static final Metric SHARE = Metric.of("warmup.share", "first 5 s / own steady state", "x", Target.farineAtLeast(0.8));

    private static final Duration CLIENT_WARMUP = Duration.ofSeconds(6);

    private final Bench options;
    private final Broker broker;
    private final Wire wire;

    WarmupBench(Bench options, Broker broker, Wire wire) {
        this.options = options;
        this.broker = broker;
        this.wire = wire;
    }

    void run(Results results) throws Exception {
        Path log = Path.of("farine-bench", "target");
        log = (Files.isDirectory(log) ? log : Path.of(System.getProperty("java.io.tmpdir"))).resolve("bench-warmup.log");
        Connection connection = broker.connect("warm-up client");
        // the service starts as a deployed one does: with bin/farine's AOT cache (in a run of the warm-up row alone
        // the start-up rows have not built it)
        new ProcessBench(options, broker, wire).primeClassCache(connection, log);
        warmClients(connection);
        for (int round = 0; round < options.processRounds; round++) {
            for (Side side : round % 2 == 0 ? List.of(Side.PLAIN, Side.FARINE) : List.of(Side.FARINE, Side.PLAIN)) {
                if (!options.sideSet.contains(side)) {
                    continue; // --sides farine: farine's curves alone, for an experiment with FARINE_JAVA_OPTS
                }
                System.out.printf("warm-up curve %d/%d, %s%n", round + 1, options.processRounds, side.label());
                long[] perSecond = side == Side.FARINE ? farine(connection, log) : plain(connection, log);
                if (perSecond == null) {
                    return;
                }
                record(side, perSecond, results);
            }
        }
    }

    /**
     * The calling side of both curves warm before the first: each client against a server in this JVM, loaded as a
     * curve loads it, for {@link #CLIENT_WARMUP}. In a run of the warm-up row alone this JVM is new, and its JIT
     * compiled the clients' paths during each side's first curve (seen on 2026-12-07: the bench JVM's C2 thread busy
     * for the first 4 s of both first curves, whose first 5 s came out at 0.42-0.53 of steady against 0.67-0.71 for
     * the second), so the curve was partly the client's own warm-up.
     */
    private void warmClients(Connection connection) throws Exception {
        String queue = broker.unique("plainwarm");
        try (PlainRpc.Server server = new PlainRpc.Server(broker, connection, queue, wire.mapper(), Rounds.SERVER_PREFETCH);
                PlainRpc.Client client = new PlainRpc.Client(connection, queue, wire.mapper())) {
            load(client::echoAsync, CLIENT_WARMUP);
        }
        String service = broker.unique("rawwarm");
        try (RawRpcServer server = RawRpcServer.start(broker, connection, service, wire, Rounds.SERVER_PREFETCH);
                RawRpcClient client = RawRpcClient.start(connection, service, wire)) {
            load(client::echoAsync, CLIENT_WARMUP);
        }
    }

    private void load(Function<String, CompletableFuture<String>> call, Duration duration) throws InterruptedException {
        Semaphore window = new Semaphore(options.inFlight);
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() - end < 0) {
            if (window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                call.apply(wire.text()).whenComplete((value, error) -> window.release());
            }
        }
        window.tryAcquire(options.inFlight, 30, TimeUnit.SECONDS);
    }

    private static void record(Side side, long[] perSecond, Results results) {
        double first = 0;
        for (int i = 0; i < 5; i++) {
            first += perSecond[i];
        }
        first /= 5;
        double steady = 0;
        int from = perSecond.length * 2 / 3;
        for (int i = from; i < perSecond.length; i++) {
            steady += perSecond[i];
        }
        steady /= perSecond.length - from;
        results.add(FIRST, side, first);
        results.add(STEADY, side, steady);
        results.add(SHARE, side, first / steady);
        StringBuilder curve = new StringBuilder();
        for (long n : perSecond) {
            curve.append(curve.isEmpty() ? "" : " ").append(n);
        }
        System.out.printf(Locale.ROOT, "  %s calls per second after start: %s%n", side.label(), curve);
        results.context("warm-up curve " + side.label() + " " + System.nanoTime(), curve.toString());
    }

    private long[] farine(Connection connection, Path log) throws Exception {
        List<String> command = Launcher.command(Path.of(log.getParent().toString(), "bench-warmup.ini"), broker.uri());
        if (command == null) {
            System.out.println("warm-up curve skipped: no launcher (bin/farine or farine-cli/target/lib)");
            return null;
        }
        String service = FarineServices.FarineServe.NAME;
        ProcessBench.declare(broker, connection, service);
        try (RawRpcClient client = RawRpcClient.start(connection, service, wire)) {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("FARINE_NO_BUILD", "1");
            try (ServerProcess server = ServerProcess.start(builder, log)) {
                return curve(server, client::echoAsync, log, "bin/farine");
            }
        }
    }

    private long[] plain(Connection connection, Path log) throws Exception {
        String queue = broker.unique("plainserve");
        try (Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, false, false, false, null);
            broker.queueDeclared(queue);
        }
        try (PlainRpc.Client client = new PlainRpc.Client(connection, queue, wire.mapper());
                ServerProcess server = ServerProcess.serve("plain", broker.uri().toString(), queue, log)) {
            return curve(server, client::echoAsync, log, "the plain server");
        }
    }

    /** 64 calls in flight from before the server starts; calls answered per second from its first reply on. */
    private long[] curve(ServerProcess server, Function<String, CompletableFuture<String>> call, Path log, String what) throws Exception {
        int seconds = options.warmupSeconds;
        AtomicLongArray perSecond = new AtomicLongArray(seconds);
        AtomicLong firstReply = new AtomicLong();
        Semaphore window = new Semaphore(options.inFlight);
        CompletableFuture<String> first = null;
        long end = Long.MAX_VALUE;
        while (true) {
            long now = System.nanoTime();
            if (firstReply.get() != 0 && end == Long.MAX_VALUE) {
                end = firstReply.get() + TimeUnit.SECONDS.toNanos(seconds);
            }
            if (now >= end) {
                break;
            }
            if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (first != null && firstReply.get() == 0) {
                    server.awaitReply(first, Duration.ofSeconds(60), what, log);
                }
                continue;
            }
            CompletableFuture<String> reply = call.apply(wire.text());
            if (first == null) {
                first = reply;
            }
            reply.whenComplete((value, error) -> {
                long at = System.nanoTime();
                firstReply.compareAndSet(0, at);
                int second = (int) ((at - firstReply.get()) / 1_000_000_000L);
                if (error == null && second < seconds) {
                    perSecond.incrementAndGet(second);
                }
                window.release();
            });
        }
        window.tryAcquire(options.inFlight, 30, TimeUnit.SECONDS);
        long[] counts = new long[seconds];
        for (int i = 0; i < seconds; i++) {
            counts[i] = perSecond.get(i);
        }
        return counts;
    }
}
