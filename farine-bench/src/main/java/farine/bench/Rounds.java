package farine.bench;

import com.rabbitmq.client.Connection;
import java.util.List;

/**
 * The in-process pairs, interleaved: in every round each benchmark runs once per side, the order
 * alternating from round to round.
 * Warm-up rounds go to a scratch {@link Results}.
 */
final class Rounds {

    /** Requests the raw server takes at once; the farine server is configured the same way. */
    static final int SERVER_PREFETCH = 64;

    private final Bench options;
    private final List<BenchSide> sides;
    private final RpcBench rpc;
    private final ConsumeBench consume;

    Rounds(Bench options, Broker broker, Connection admin, Wire wire, List<BenchSide> sides) {
        this.options = options;
        this.sides = sides;
        this.rpc = new RpcBench(wire);
        this.consume = new ConsumeBench(broker, admin, wire);
    }

    void run(Results results) throws Exception {
        for (int round = 0; round < options.warmup + options.rounds; round++) {
            // raw first in even rounds, farine first in odd ones: whatever the first run leaves behind
            // (JIT work, garbage, a busier broker) falls on both sides alike
            List<BenchSide> order = round % 2 == 0 ? sides : sides.reversed();
            // the plain tutorial RPC has no streams, consumers or publishers: the RPC rows only
            List<BenchSide> paired = order.stream().filter(side -> side.side() != Side.PLAIN).toList();
            boolean warm = round >= options.warmup;
            Results sink = warm ? results : new Results();
            System.out.printf("round %d/%d%s%n", round + 1, options.warmup + options.rounds, warm ? "" : " (warm-up)");
            // part by part, each side in turn, so that noise from the shared machine hits both alike
            // the RPC parts interleave the sides in slices within the round (RpcBench)
            if (options.runs(Bench.Part.sequential)) {
                rpc.sequential(order, options.runDuration(), options.slices, sink);
            }
            if (options.runs(Bench.Part.pipelined)) {
                rpc.pipelined(order, options.runDuration(), options.slices, options.inFlight, sink);
            }
            if (options.only.contains(Bench.Part.stream)) {
                rpc.stream(paired, options.streamItems, options.runDuration(), options.slices, sink);
            }
            if (options.only.contains(Bench.Part.consume)) {
                for (ConsumeVariant variant : ConsumeVariant.ALL) {
                    for (BenchSide side : paired) {
                        consume.consume(side, variant, options.messages, sink);
                    }
                }
            }
            if (options.only.contains(Bench.Part.publish)) {
                // a standalone Publisher has no container and so no observer: the observed side would measure farine again
                List<BenchSide> publishing = paired.stream().filter(side -> side.side() != Side.OBSERVED).toList();
                for (BenchSide side : publishing) {
                    consume.publish(side, options.messages, options.publishWindow, sink);
                }
                for (BenchSide side : publishing) {
                    consume.publishTransient(side, options.messages, sink);
                }
            }
        }
    }
}
