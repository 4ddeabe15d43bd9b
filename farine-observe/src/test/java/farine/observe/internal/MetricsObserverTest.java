package farine.observe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import farine.Config;
import farine.spi.Observer;
import farine.spi.TraceContext;
import farine.spi.WorkerContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsObserverTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MetricsObserver observer = MetricsObserver.create(Config.empty(), registry, null);

    @Test
    void aWorkerIsCountedInFlightUntilItEnds() {
        WorkerContext worker = WorkerContext.of("shop", "add", null);
        observer.workerStarted(worker, null);
        observer.workerStarted(worker, null);
        observer.workerEnded(worker, null);

        assertThat(registry.get("farine.workers.active").tag("service", "shop").tag("method", "add").gauge().value()).isEqualTo(1);
    }

    @Test
    void eachOutcomeIsAMeterOfItsOwn() {
        observer.consumed("sink", "take", Observer.ACKED, 1_000);
        observer.consumed("sink", "take", Observer.ACKED, 1_000);
        observer.consumed("sink", "take", Observer.RETRIED, 1_000);
        observer.published("shop", "orders", Observer.RETURNED);

        assertThat(registry.get("farine.messages.consumed").tag("outcome", "acked").timer().count()).isEqualTo(2);
        assertThat(registry.get("farine.messages.consumed").tag("outcome", "retried").timer().count()).isEqualTo(1);
        assertThat(registry.get("farine.messages.published").tag("exchange", "orders").tag("outcome", "returned").counter().count())
                .isEqualTo(1);
    }

    @Test
    void withoutTracingAWorkerContinuesItsParentInASpanOfItsOwn() {
        TraceContext parent = TraceContext.root();
        TraceContext worker = observer.workerStarted(WorkerContext.of("shop", "add", null), parent);

        assertThat(worker.traceId()).isEqualTo(parent.traceId());
        assertThat(worker.spanId()).isNotEqualTo(parent.spanId());
        assertThat(observer.sending(Observer.PUBLISH, "shop", "orders", worker)).isEqualTo(worker);
    }

    @Test
    void openTelemetryWithoutAnSdkStillPropagatesFarinesOwnIds() {
        Config config = Config.of(Map.of("DEFAULT", Map.of("opentelemetry", "true")));
        Optional<Observer> made = new ObservePlugin().observer(config);
        assertThat(made).isPresent();
        TraceContext parent = TraceContext.root();
        TraceContext worker = made.get().workerStarted(new WorkerContext("shop", "add", "c-1", Map.of(WorkerContext.KIND, Observer.RPC)), parent);
        made.get().workerEnded(WorkerContext.of("shop", "add", "c-1"), null);

        // GlobalOpenTelemetry is a no-op here: no span ids of its own, so farine's
        assertThat(worker.traceId()).isEqualTo(parent.traceId());
        assertThat(worker.spanId()).matches("[0-9a-f]{16}").isNotEqualTo(parent.spanId());
    }

    @Test
    void noObserverIsMadeWhenNothingAsksForOne() {
        assertThat(new ObservePlugin().observer(Config.empty())).isEmpty();
    }

    @Test
    void anRpcCallOrMessageOnTheCommonPathAllocatesNoMoreThanWithoutMeters() {
        MetricsObserver observer = MetricsObserver.create(Config.empty(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), null);
        WorkerContext rpc = WorkerContext.of("shop", "add", "c-1");
        WorkerContext consume = WorkerContext.of("shop", "take", null);
        TraceContext parent = TraceContext.root();
        Runnable with = () -> events(observer, rpc, consume, parent);
        Runnable without = () -> events(Observer.NONE, rpc, consume, parent);
        // the least of three runs each: a run during which the JIT still compiles (or deoptimizes) allocates what the
        // interpreter does, and says nothing of the meters
        long withMeters = Long.MAX_VALUE;
        long withoutMeters = Long.MAX_VALUE;
        for (int run = 0; run < 4; run++) {
            long w = allocated(with);
            long wo = allocated(without);
            if (run > 0) {
                withMeters = Math.min(withMeters, w);
                withoutMeters = Math.min(withoutMeters, wo);
            }
        }

        // what both allocate is the worker's trace context; the meters add nothing (they added 3 keys per event, 96 bytes)
        assertThat(withMeters - withoutMeters).isLessThan(EVENTS);
        assertThat(observer.registry().get("farine.rpc.server").tag("outcome", "ok").timer().count()).isEqualTo(4L * EVENTS);
        assertThat(observer.registry().get("farine.rpc.client").tag("target", "stock").timer().count()).isEqualTo(4L * EVENTS);
        assertThat(observer.registry().get("farine.messages.consumed").tag("outcome", "acked").timer().count()).isEqualTo(4L * EVENTS);
    }

    private static final int EVENTS = 100_000;
    // the trace contexts escape, so that the JIT removes them from neither run
    private static volatile TraceContext sink;

    /** What an entry point tells its observer per served call, per consumed message and per call it makes. */
    private static void events(Observer observer, WorkerContext rpc, WorkerContext consume, TraceContext parent) {
        for (int i = 0; i < EVENTS; i++) {
            sink = observer.workerStarted(rpc, parent);
            observer.rpcCalled("shop", "stock", "reserve", Observer.OK, 200_000 + i);
            observer.workerEnded(rpc, null);
            observer.rpcServed("shop", "add", Observer.OK, 300_000 + i);
            sink = observer.workerStarted(consume, parent);
            observer.workerEnded(consume, null);
            observer.consumed("shop", "take", Observer.ACKED, 50_000 + i);
        }
    }

    private static long allocated(Runnable run) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        run.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
