package farine.observe.internal;

import farine.observe.FarineMetrics;
import farine.Config;
import farine.ConfigException;
import farine.ConfigSection;
import farine.spi.ObservedContainer;
import farine.spi.Observer;
import farine.spi.TraceContext;
import farine.spi.WorkerContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Observer} on a Micrometer registry: one meter per service, entry point and outcome, looked up in a map
 * of its own (a registry lookup builds and sorts tags on every call), and the health endpoints on
 * {@code metrics_port}. Thread-safe.
 */
final class MetricsObserver implements Observer {

    static final String METRICS_PORT = FarineMetrics.METRICS_PORT;
    public static final String OPENTELEMETRY = "opentelemetry";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsObserver.class);
    // buckets of the RPC timers: from a loopback call to a slow query
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30)};

    private final MeterRegistry registry; // null: tracing only
    private final Integer port; // null: no endpoint
    private final Tracing tracing; // null: farine's own trace context only
    private final ConcurrentMap<Key, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, AtomicInteger> active = new ConcurrentHashMap<>();
    private final List<AutoCloseable> binders = new ArrayList<>();
    private volatile ObservedContainer container;
    private volatile HealthServer server;

    private MetricsObserver(MeterRegistry registry, Integer port, Tracing tracing) {
        this.registry = registry;
        this.port = port;
        this.tracing = tracing;
    }

    /** {@code registry} null: no meters; {@code tracing} null: no spans (the trace context is propagated all the same). */
    public static MetricsObserver create(Config config, MeterRegistry registry, Tracing tracing) {
        return new MetricsObserver(registry, port(config).orElse(null), tracing);
    }

    /** {@code metrics_port} of {@code [DEFAULT]}, when set. */
    static Optional<Integer> port(Config config) {
        return port(config.section(Config.DEFAULT_SECTION));
    }

    /** {@code metrics_port} of a section (the container reads [DEFAULT]'s), when set. */
    static Optional<Integer> port(ConfigSection section) {
        String value = section.string(METRICS_PORT, "").strip();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65_535) {
            throw new ConfigException("[" + section.name() + "] " + METRICS_PORT + " = \"" + value
                    + "\": expected a port number between 0 and 65535 (from " + section.source(METRICS_PORT) + ")");
        }
        return Optional.of(port);
    }

    /** {@code opentelemetry} of {@code [DEFAULT]}: record spans with the global OpenTelemetry. */
    static boolean openTelemetry(Config config) {
        return config.section(Config.DEFAULT_SECTION).bool(OPENTELEMETRY, false);
    }

    /** The tracing {@code opentelemetry = true} asks for, else null. */
    public static Tracing tracing(Config config) {
        return openTelemetry(config) ? OtelTracings.global() : null;
    }

    MeterRegistry registry() {
        return registry;
    }

    @Override
    public void attach(ObservedContainer observed) {
        this.container = observed;
    }

    @Override
    public void start() {
        for (MeterBinder binder : registry == null ? List.<MeterBinder>of() : List.of(new JvmMemoryMetrics(), new JvmGcMetrics(), new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
            binder.bindTo(registry);
            if (binder instanceof AutoCloseable closeable) {
                binders.add(closeable);
            }
        }
        if (port != null && container != null) {
            server = HealthServer.start(port, registry, container);
            LOG.info("metrics and health on http://{}:{}/ (/metrics, /health/live, /health/ready)", "0.0.0.0", server.port());
        }
    }

    /** The endpoint's port once started (the bound one when {@code metrics_port = 0}), else -1. */
    int boundPort() {
        HealthServer s = server;
        return s == null ? -1 : s.port();
    }

    @Override
    public void stop() {
        HealthServer s = server;
        server = null;
        if (s != null) {
            s.stop();
        }
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                LOG.debug("closing {}: {}", binder, e.toString());
            }
        }
        binders.clear();
    }

    @Override
    public void kill() {
        stop();
    }

    @Override
    public TraceContext workerStarted(WorkerContext worker, TraceContext parent) {
        if (registry != null) {
            gaugeOf(worker).incrementAndGet();
        }
        return tracing == null ? Observer.super.workerStarted(worker, parent) : tracing.workerStarted(worker, parent);
    }

    @Override
    public void workerEnded(WorkerContext worker, Throwable failure) {
        if (tracing != null) {
            tracing.workerEnded(worker, failure);
        }
        if (registry != null) {
            gaugeOf(worker).decrementAndGet();
        }
    }

    @Override
    public TraceContext sending(String kind, String service, String destination, TraceContext current) {
        return tracing == null ? Observer.super.sending(kind, service, destination, current) : tracing.sending(kind, service, destination, current);
    }

    private AtomicInteger gaugeOf(WorkerContext worker) {
        Key key = new Key(worker.service(), worker.method(), null, null);
        AtomicInteger gauge = active.get(key);
        return gauge != null ? gauge : active.computeIfAbsent(key, k -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("farine.workers.active", value, AtomicInteger::get).description("workers running now")
                    .tag("service", k.service()).tag("method", k.method()).register(registry);
            return value;
        });
    }

    @Override
    public void rpcServed(String service, String method, String outcome, long nanos) {
        if (registry == null) {
            return;
        }
        Key key = new Key(service, method, outcome, null);
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, k -> rpcTimer("farine.rpc.server", "RPC requests served, by outcome")
                    .tag("service", k.service()).tag("method", k.method()).tag("outcome", k.outcome()).register(registry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void rpcCalled(String service, String target, String method, String outcome, long nanos) {
        if (registry == null) {
            return;
        }
        Key key = new Key(service == null ? "" : service, method, outcome, target);
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, k -> rpcTimer("farine.rpc.client", "RPC calls made, by target and outcome")
                    .tag("service", k.service()).tag("target", k.other()).tag("method", k.method()).tag("outcome", k.outcome())
                    .register(registry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private static Timer.Builder rpcTimer(String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(BUCKETS);
    }

    @Override
    public void consumed(String service, String method, String outcome, long nanos) {
        if (registry == null) {
            return;
        }
        Key key = new Key(service, method, outcome, "consumed");
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, k -> Timer.builder("farine.messages.consumed")
                    .description("messages consumed, by how they were settled")
                    .tag("service", k.service()).tag("method", k.method()).tag("outcome", k.outcome()).register(registry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void published(String service, String exchange, String outcome) {
        count("farine.messages.published", "messages published, by the broker's answer", service == null ? "" : service, exchange, outcome,
                "exchange");
    }

    @Override
    public void executeRestarted(String service, String method) {
        count("farine.execute.restarts", "@Execute runs restarted after a failure", service, method, null, "method");
    }

    @Override
    public void streamEvent(String service, String method) {
        count("farine.stream.events", "Server-Sent Events delivered", service, method, null, "method");
    }

    @Override
    public void streamReconnected(String service, String method) {
        count("farine.stream.reconnects", "Server-Sent Events reconnections", service, method, null, "method");
    }

    private void count(String name, String description, String service, String what, String outcome, String whatTag) {
        if (registry == null) {
            return;
        }
        Key key = new Key(service, what, outcome, name);
        Counter counter = counters.get(key);
        if (counter == null) {
            counter = counters.computeIfAbsent(key, k -> {
                Counter.Builder builder = Counter.builder(name).description(description).tag("service", k.service()).tag(whatTag, k.method());
                return (k.outcome() == null ? builder : builder.tag("outcome", k.outcome())).register(registry);
            });
        }
        counter.increment();
    }

    @Override
    public void databasePool(String service, DataSource pool) {
        if (registry != null && pool.getClass().getName().equals("com.zaxxer.hikari.HikariDataSource")) {
            HikariMeters.track(pool, registry);
        }
    }

    private record Key(String service, String method, String outcome, String other) {
    }
}
