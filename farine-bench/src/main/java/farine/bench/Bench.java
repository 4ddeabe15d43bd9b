package farine.bench;

import com.rabbitmq.client.Connection;
import farine.rpc.RpcCallbacks;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/bench}: runs every benchmark pair interleaved (raw, farine, raw, farine, ...) over
 * warm-up and measured rounds against one broker, then prints the medians and writes them as JSON.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures farine against the plain RabbitMQ Java client, side by side, in one run.")
public final class Bench implements Callable<Integer> {

    /** {@code rpc} is {@code sequential} and {@code pipelined} together. */
    enum Part { rpc, sequential, pipelined, stream, consume, publish, startup, memory, warmup, gateway }

    boolean runs(Part part) {
        return only.contains(part) || ((part == Part.sequential || part == Part.pipelined) && only.contains(Part.rpc));
    }

    @Option(names = "--uri", description = "AMQP URI of a local broker (default: $FARINE_BENCH_AMQP_URI, else amqp://guest:guest@127.0.0.1:5672/%%2F)")
    URI uri;

    @Option(names = "--rounds", defaultValue = "11", description = "measured rounds per pair (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--warmup", defaultValue = "3", description = "warm-up rounds, not recorded: the JIT is still compiling farine's paths during the first (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--seconds", defaultValue = "2", description = "duration of each RPC run (sequential, pipelined, streaming calls one after the other) in seconds (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--slices", defaultValue = "4", description = "slices of each RPC run, the sides alternating slice by slice (default ${DEFAULT-VALUE})")
    int slices;

    @Option(names = "--in-flight", defaultValue = "64", description = "pipelined RPC calls in flight (default ${DEFAULT-VALUE})")
    int inFlight;

    @Option(names = "--stream-items", defaultValue = "10000", description = "items per streaming call (default ${DEFAULT-VALUE})")
    int streamItems;

    @Option(names = "--messages", defaultValue = "30000", description = "messages per consume and publish run (default ${DEFAULT-VALUE})")
    int messages;

    @Option(names = "--publish-window", defaultValue = "500", description = "unconfirmed publishes at most (default ${DEFAULT-VALUE})")
    int publishWindow;

    @Option(names = "--process-rounds", defaultValue = "3", description = "rounds of the start-up and memory measures, each a new JVM (default ${DEFAULT-VALUE})")
    int processRounds;

    @Option(names = "--warmup-seconds", defaultValue = "30", description = "length of each warm-up curve, seconds after the service's first reply (default ${DEFAULT-VALUE}, at least 10)")
    int warmupSeconds;

    @Option(names = "--only", split = ",", description = "parts to run, of: ${COMPLETION-CANDIDATES} (default: all)")
    Set<Part> only = EnumSet.allOf(Part.class);

    @Option(names = "--sides", split = ",", description = "sides to run, of: ${COMPLETION-CANDIDATES} (default: all; observed is farine with farine-observe's meters on; one side alone is for profiling)")
    Set<Side> sideSet = EnumSet.allOf(Side.class);

    @Option(names = "--observed-config", split = ",", mapFallbackValue = "",
            description = "[DEFAULT] keys of the observed side, KEY=VALUE,... (default metrics_port=0: farine-observe's meters;"
                    + " registry=false,metrics_port= measures the registry's cost the other way round)")
    Map<String, String> observedConfig = new java.util.LinkedHashMap<>(Map.of("metrics_port", "0"));

    @Option(names = "--raw-protocol", split = ",",
            description = "what the raw side's RPC asks of the broker beyond its default, one thing at a time, of: ${COMPLETION-CANDIDATES}"
                    + " (default: none; docs/bench.md, ninth pass); with --sides raw,observed the observed column is the raw side with them, beside the raw side without")
    Set<RawProtocol> rawProtocol = EnumSet.noneOf(RawProtocol.class);

    @Option(names = "--raw-protocol-base", split = ",",
            description = "with --sides raw,observed and --raw-protocol: what both raw sides ask of the broker, of: ${COMPLETION-CANDIDATES}"
                    + " (default: none), so that the observed column measures --raw-protocol's choices on top of these")
    Set<RawProtocol> rawProtocolBase = EnumSet.noneOf(RawProtocol.class);

    @Option(names = "--callbacks", defaultValue = "virtual_thread",
            description = "where the farine client completes asynchronous results, of: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}, as a service's rpc_callbacks)")
    RpcCallbacks callbacks;

    @Option(names = "--out", defaultValue = "farine-bench/target/bench-results.json", description = "JSON results file (default ${DEFAULT-VALUE})")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || slices < 1 || seconds <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--rounds and --slices must be at least 1 and --seconds above 0 (got " + rounds + ", " + slices + ", " + seconds + ")");
        }
        URI target = Optional.ofNullable(uri)
                .or(() -> Optional.ofNullable(System.getenv("FARINE_BENCH_AMQP_URI")).filter(s -> !s.isBlank()).map(URI::create))
                .orElse(URI.create("amqp://guest:guest@127.0.0.1:5672/%2F"));
        Results results = new Results();
        Wire wire = new Wire();
        try (Broker broker = new Broker(target)) {
            Connection admin = broker.connect("admin");
            describeMachine(results, admin);
            long[] ticks = Cpu.machineTicks();
            // the new JVMs first, on a quiet broker: after the persistent publish and consume runs it writes and
            // compacts on disk for a while, which slowed the start-up of both sides by 10-40 % (2026-11-30)
            Results processes = new Results();
            if (only.contains(Part.startup) || only.contains(Part.memory)) {
                new ProcessBench(this, broker, wire).run(processes);
            }
            List<BenchSide> sides = new ArrayList<>();
            try {
                if (sideSet.contains(Side.PLAIN) && (runs(Part.sequential) || runs(Part.pipelined))) {
                    sides.add(new PlainSide(broker, wire, Rounds.SERVER_PREFETCH));
                }
                if (sideSet.contains(Side.RAW)) {
                    // with the observed side too, --raw-protocol goes to that one: raw against raw with it, slice by slice
                    boolean abRaw = sideSet.contains(Side.OBSERVED) && !rawProtocol.isEmpty();
                    sides.add(new RawSide(broker, wire, Rounds.SERVER_PREFETCH, abRaw ? rawProtocolBase : rawProtocol, Side.RAW));
                }
                if (sideSet.contains(Side.FARINE)) {
                    sides.add(new FarineSide(broker, Rounds.SERVER_PREFETCH, callbacks, null));
                }
                if (sideSet.contains(Side.OBSERVED) && sideSet.contains(Side.RAW) && !rawProtocol.isEmpty()) {
                    Set<RawProtocol> both = EnumSet.copyOf(rawProtocol);
                    both.addAll(rawProtocolBase);
                    sides.add(new RawSide(broker, wire, Rounds.SERVER_PREFETCH, both, Side.OBSERVED));
                } else if (sideSet.contains(Side.OBSERVED)) {
                    sides.add(new FarineSide(broker, Rounds.SERVER_PREFETCH, callbacks, observedConfig));
                }
                new Rounds(this, broker, admin, wire, sides).run(results);
            } finally {
                sides.forEach(BenchSide::close);
            }
            if (only.contains(Part.gateway)) {
                // issue 19: its own service, gateway and clients, after the other rows' sides have closed
                GatewayBench.run(target.toString(), runDuration(), warmup, rounds, results);
            }
            if (only.contains(Part.warmup) && warmupSeconds >= 10) {
                // after the rounds: this JVM, the client, is warm by then, so the curve is the server's
                new WarmupBench(this, broker, wire).run(processes);
            }
            results.addAll(processes); // below the other rows, as before
            results.context("cpu steal during the run", Cpu.stealBetween(ticks, Cpu.machineTicks()));
        }
        System.out.println();
        results.print(System.out);
        results.write(out);
        System.out.println("results written to " + out.toAbsolutePath());
        return 0;
    }

    private void describeMachine(Results results, Connection admin) throws Exception {
        results.context("date", Instant.now().toString());
        results.context("cores", Runtime.getRuntime().availableProcessors());
        results.context("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        results.context("rabbitmq", admin.getServerProperties().get("product") + " " + admin.getServerProperties().get("version"));
        results.context("load average at start", Files.readString(Path.of("/proc/loadavg")).trim());
        results.context("options", "rounds=" + rounds + " warmup=" + warmup + " seconds=" + seconds + " slices=" + slices + " in-flight=" + inFlight
                + " stream-items=" + streamItems + " messages=" + messages + " publish-window=" + publishWindow
                + " process-rounds=" + processRounds + " only=" + only + " sides=" + sideSet
                + (rawProtocol.isEmpty() ? "" : " raw-protocol=" + rawProtocol)
                + (rawProtocolBase.isEmpty() ? "" : " raw-protocol-base=" + rawProtocolBase) + " callbacks=" + callbacks.name().toLowerCase(Locale.ROOT));
    }

    Duration runDuration() {
        return Duration.ofMillis((long) (seconds * 1000));
    }
}
