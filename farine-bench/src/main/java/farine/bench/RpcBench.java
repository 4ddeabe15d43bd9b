package farine.bench;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Sequential, pipelined and streaming RPC, measured the same way whichever {@link RpcCaller} runs. */
final class RpcBench {

    static final Metric SEQ_RATE = Metric.of("rpc.sequential.rate", "sequential RPC", "calls/s", Target.NONE);
    static final Metric SEQ_P50 = Metric.of("rpc.sequential.p50", "sequential RPC p50", "us", Target.ratioAtMost(1.10));
    static final Metric SEQ_P90 = Metric.of("rpc.sequential.p90", "sequential RPC p90", "us");
    static final Metric SEQ_P99 = Metric.of("rpc.sequential.p99", "sequential RPC p99", "us");
    static final Metric SEQ_CPU = Metric.of("rpc.sequential.cpu", "CPU per sequential call, client+server", "us");
    static final Metric SEQ_BROKER = Metric.of("rpc.sequential.broker", "broker CPU per sequential call", "us");
    static final Metric PIPE_BROKER = Metric.of("rpc.pipelined.broker", "broker CPU per pipelined call", "us");
    static final Metric SEQ_ALLOC = Metric.of("rpc.sequential.alloc", "alloc per RPC call, client+server", "KB");
    static final Metric PIPE_RATE = Metric.of("rpc.pipelined.rate", "pipelined RPC, 64 in flight", "calls/s", Target.ratioAtLeast(0.90));
    static final Metric PIPE_P50 = Metric.of("rpc.pipelined.p50", "pipelined RPC p50", "us");
    static final Metric PIPE_P99 = Metric.of("rpc.pipelined.p99", "pipelined RPC p99", "us");
    static final Metric PIPE_CPU = Metric.of("rpc.pipelined.cpu", "CPU per pipelined call, client+server", "us");
    /** The asynchronous path's own allocation (futures, timers, completions): the sequential row does not take it. */
    static final Metric PIPE_ALLOC = Metric.of("rpc.pipelined.alloc", "alloc per pipelined call, client+server", "KB");
    static final Metric STREAM_CPU = Metric.of("rpc.stream.cpu", "CPU per stream item, client+server", "us");
    static final Metric STREAM_RATE = Metric.of("rpc.stream.rate", "streaming RPC, 10,000 items", "items/s", Target.ratioAtLeast(0.90));

    private final Wire wire;
    private final Allocation allocation = new Allocation();

    RpcBench(Wire wire) {
        this.wire = wire;
    }

    /**
     * Sequential calls for {@code duration} per side, cut into {@code slices} that alternate between the
     * sides (raw, farine, farine, raw, ...): a slow stretch of the shared machine, which lasts seconds,
     * then falls on both sides instead of on whichever ran through it.
     */
    void sequential(List<BenchSide> order, Duration duration, int slices, Results results) throws InterruptedException {
        String text = wire.text();
        interleaved(order, duration, slices, (caller, side, nanos, tally) -> {
            long now = System.nanoTime();
            long deadline = now + nanos;
            while (now < deadline) {
                String reply = caller.echo(text);
                long done = System.nanoTime();
                if (reply.length() != text.length()) {
                    throw new IllegalStateException(side.label() + " echo returned " + reply.length() + " chars, sent " + text.length());
                }
                tally.latencies.recordValue(done - now);
                tally.operations++;
                now = done;
            }
        }, (side, tally) -> {
            results.add(SEQ_RATE, side, tally.rate());
            results.add(SEQ_P50, side, tally.latencies.getValueAtPercentile(50) / 1000.0);
            results.add(SEQ_P90, side, tally.latencies.getValueAtPercentile(90) / 1000.0);
            results.add(SEQ_P99, side, tally.latencies.getValueAtPercentile(99) / 1000.0);
            results.add(SEQ_CPU, side, tally.cpuMicrosPer());
            tally.brokerMicrosPer(micros -> results.add(SEQ_BROKER, side, micros));
            results.add(SEQ_ALLOC, side, tally.allocated / 1024.0 / Math.max(1, tally.operations));
        });
    }

    /** Calls with {@code inFlight} outstanding, sliced like {@link #sequential}; each slice waits for its last replies. */
    void pipelined(List<BenchSide> order, Duration duration, int slices, int inFlight, Results results) throws InterruptedException {
        String text = wire.text();
        interleaved(order, duration, slices, (caller, side, nanos, tally) -> {
            Recorder latencies = new Recorder(3);
            Semaphore window = new Semaphore(inFlight);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long deadline = System.nanoTime() + nanos;
            while (System.nanoTime() < deadline && failure.get() == null) {
                if (!window.tryAcquire(5, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(side.label() + " pipelined RPC: no reply for 5 s with " + inFlight + " in flight");
                }
                long sent = System.nanoTime();
                CompletableFuture<String> reply = caller.echoAsync(text);
                reply.whenComplete((value, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    } else {
                        latencies.recordValue(System.nanoTime() - sent);
                    }
                    window.release();
                });
                tally.operations++;
            }
            if (!window.tryAcquire(inFlight, 30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(side.label() + " pipelined RPC: replies still missing after 30 s");
            }
            if (failure.get() != null) {
                throw new IllegalStateException(side.label() + " pipelined RPC failed: " + failure.get(), failure.get());
            }
            tally.latencies.add(latencies.getIntervalHistogram());
        }, (side, tally) -> {
            results.add(PIPE_RATE, side, tally.rate());
            results.add(PIPE_P50, side, tally.latencies.getValueAtPercentile(50) / 1000.0);
            results.add(PIPE_P99, side, tally.latencies.getValueAtPercentile(99) / 1000.0);
            results.add(PIPE_CPU, side, tally.cpuMicrosPer());
            tally.brokerMicrosPer(micros -> results.add(PIPE_BROKER, side, micros));
            results.add(PIPE_ALLOC, side, tally.allocated / 1024.0 / Math.max(1, tally.operations));
        });
    }

    /**
     * Streaming calls of {@code items} each, one after the other, sliced like {@link #sequential}, at least
     * one per slice: a single 10,000-item stream lasts a quarter of a second, too short to be more than
     * noise on a shared machine.
     */
    void stream(List<BenchSide> order, int items, Duration duration, int slices, Results results) throws InterruptedException {
        interleaved(order, duration, slices, (caller, side, nanos, tally) -> {
            long deadline = System.nanoTime() + nanos;
            do {
                long received = caller.items(items);
                if (received != items) {
                    throw new IllegalStateException(side.label() + " stream delivered " + received + " of " + items + " items");
                }
                tally.operations += received;
            } while (System.nanoTime() < deadline);
        }, (side, tally) -> {
            results.add(STREAM_RATE, side, tally.rate());
            results.add(STREAM_CPU, side, tally.cpuMicrosPer());
        });
    }

    /** One stretch of one side's calls, counted into its tally. */
    private interface Slice {
        void run(RpcCaller caller, Side side, long nanos, Tally tally) throws InterruptedException;
    }

    /** One side's totals over the slices of a round: operations, time, CPU and allocation, latencies. */
    private static final class Tally {
        final Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
        long operations;
        long nanos;
        long cpuNanos;
        long allocated;
        long brokerNanos;
        boolean brokerKnown = true;

        void brokerMicrosPer(java.util.function.DoubleConsumer to) {
            if (brokerKnown) {
                to.accept(brokerNanos / 1000.0 / Math.max(1, operations));
            }
        }

        double rate() {
            return operations / seconds(nanos);
        }

        double cpuMicrosPer() {
            return cpuNanos / 1000.0 / Math.max(1, operations);
        }
    }

    private void interleaved(List<BenchSide> order, Duration duration, int slices, Slice slice, BiConsumer<Side, Tally> report)
            throws InterruptedException {
        Map<Side, Tally> tallies = new EnumMap<>(Side.class);
        long nanos = duration.toNanos() / slices;
        for (int k = 0; k < slices; k++) {
            for (BenchSide side : k % 2 == 0 ? order : order.reversed()) {
                Tally tally = tallies.computeIfAbsent(side.side(), s -> new Tally());
                long allocated = allocation.total();
                long cpu = Cpu.nanos();
                long broker = Cpu.brokerNanos();
                long start = System.nanoTime();
                slice.run(side.rpc(), side.side(), nanos, tally);
                tally.nanos += System.nanoTime() - start;
                tally.cpuNanos += Cpu.nanos() - cpu;
                long brokerAfter = Cpu.brokerNanos();
                tally.brokerKnown &= broker >= 0 && brokerAfter >= 0;
                tally.brokerNanos += brokerAfter - broker;
                tally.allocated += allocation.total() - allocated;
            }
        }
        tallies.forEach(report);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
