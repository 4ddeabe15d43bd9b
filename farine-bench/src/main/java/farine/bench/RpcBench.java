package farine.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Sequential, pipelined and streaming RPC, measured the same way whichever {@link RpcCaller} runs. */
final class RpcBench {

    static final Metric SEQ_RATE = Metric.of("rpc.sequential.rate", "sequential RPC", "calls/s", Target.NONE);
    static final Metric SEQ_P50 = Metric.of("rpc.sequential.p50", "sequential RPC p50", "us", Target.ratioAtMost(1.10));
    static final Metric SEQ_P90 = Metric.of("rpc.sequential.p90", "sequential RPC p90", "us");
    static final Metric SEQ_P99 = Metric.of("rpc.sequential.p99", "sequential RPC p99", "us");
    static final Metric SEQ_CPU = Metric.of("rpc.sequential.cpu", "CPU per sequential call, client+server", "us");
    static final Metric SEQ_ALLOC = Metric.of("rpc.sequential.alloc", "alloc per RPC call, client+server", "KB");
    static final Metric PIPE_RATE = Metric.of("rpc.pipelined.rate", "pipelined RPC, 64 in flight", "calls/s", Target.ratioAtLeast(0.90));
    static final Metric PIPE_P50 = Metric.of("rpc.pipelined.p50", "pipelined RPC p50", "us");
    static final Metric PIPE_P99 = Metric.of("rpc.pipelined.p99", "pipelined RPC p99", "us");
    static final Metric PIPE_CPU = Metric.of("rpc.pipelined.cpu", "CPU per pipelined call, client+server", "us");
    static final Metric STREAM_CPU = Metric.of("rpc.stream.cpu", "CPU per stream item, client+server", "us");
    static final Metric STREAM_RATE = Metric.of("rpc.stream.rate", "streaming RPC, 10,000 items", "items/s", Target.ratioAtLeast(0.90));

    private final Wire wire;
    private final Allocation allocation = new Allocation();

    RpcBench(Wire wire) {
        this.wire = wire;
    }

    void sequential(RpcCaller caller, Side side, Duration duration, Results results) {
        Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
        String text = wire.text();
        long allocatedBefore = allocation.total();
        long cpu = Cpu.nanos();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        long calls = 0;
        long now = start;
        while (now < deadline) {
            String reply = caller.echo(text);
            long done = System.nanoTime();
            if (reply.length() != text.length()) {
                throw new IllegalStateException(side.label() + " echo returned " + reply.length() + " chars, sent " + text.length());
            }
            latencies.recordValue(done - now);
            calls++;
            now = done;
        }
        long allocated = allocation.total() - allocatedBefore;
        results.add(SEQ_RATE, side, calls / seconds(now - start));
        results.add(SEQ_P50, side, latencies.getValueAtPercentile(50) / 1000.0);
        results.add(SEQ_P90, side, latencies.getValueAtPercentile(90) / 1000.0);
        results.add(SEQ_P99, side, latencies.getValueAtPercentile(99) / 1000.0);
        results.add(SEQ_CPU, side, Cpu.microsPer(cpu, calls));
        results.add(SEQ_ALLOC, side, allocated / 1024.0 / calls);
    }

    void pipelined(RpcCaller caller, Side side, Duration duration, int inFlight, Results results) throws InterruptedException {
        Recorder latencies = new Recorder(3);
        Semaphore window = new Semaphore(inFlight);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        String text = wire.text();
        long cpu = Cpu.nanos();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        long calls = 0;
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
            calls++;
        }
        if (!window.tryAcquire(inFlight, 30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(side.label() + " pipelined RPC: replies still missing after 30 s");
        }
        long elapsed = System.nanoTime() - start;
        double cpuPerCall = Cpu.microsPer(cpu, calls);
        if (failure.get() != null) {
            throw new IllegalStateException(side.label() + " pipelined RPC failed: " + failure.get(), failure.get());
        }
        Histogram histogram = latencies.getIntervalHistogram();
        results.add(PIPE_RATE, side, calls / seconds(elapsed));
        results.add(PIPE_P50, side, histogram.getValueAtPercentile(50) / 1000.0);
        results.add(PIPE_P99, side, histogram.getValueAtPercentile(99) / 1000.0);
        results.add(PIPE_CPU, side, cpuPerCall);
    }

    /**
     * Streaming calls of {@code items} each, one after the other, for {@code duration} (at least one): a
     * single 10,000-item stream lasts a quarter of a second, too short to be more than noise on a shared machine.
     */
    void stream(RpcCaller caller, Side side, int items, Duration duration, Results results) {
        long cpu = Cpu.nanos();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        long total = 0;
        do {
            long received = caller.items(items);
            if (received != items) {
                throw new IllegalStateException(side.label() + " stream delivered " + received + " of " + items + " items");
            }
            total += received;
        } while (System.nanoTime() < deadline);
        long elapsed = System.nanoTime() - start;
        results.add(STREAM_RATE, side, total / seconds(elapsed));
        results.add(STREAM_CPU, side, Cpu.microsPer(cpu, total));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
