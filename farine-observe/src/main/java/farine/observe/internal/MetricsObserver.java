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
    // by service, then method: no key object to build per event
    private final ConcurrentMap<String, ConcurrentMap<String, EntryMeters>> entries = new ConcurrentHashMap<>();
    // by calling service, then the method called (its target service in EntryMeters)
    private final ConcurrentMap<String, ConcurrentMap<String, EntryMeters>> callers = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, Counter> counters = new ConcurrentHashMap<>();
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
            meters(worker.service(), worker.method()).active.incrementAndGet();
        }
        return tracing == null ? Observer.super.workerStarted(worker, parent) : tracing.workerStarted(worker, parent);
    }

    @Override
    public void workerEnded(WorkerContext worker, Throwable failure) {
        if (tracing != null) {
            tracing.workerEnded(worker, failure);
        }
        if (registry != null) {
            meters(worker.service(), worker.method()).active.decrementAndGet();
        }
    }

    @Override
    public TraceContext sending(String kind, String service, String destination, TraceContext current) {
        return tracing == null ? Observer.super.sending(kind, service, destination, current) : tracing.sending(kind, service, destination, current);
    }

    /**
     * The meters of one entry point, made at its first event: two lookups by the service's and the method's names
     * (strings that cache their hash), no key object, so that an event allocates nothing.
     */
    private EntryMeters meters(String service, String method) {
        return meters(entries, service, method, true);
    }

    private EntryMeters meters(ConcurrentMap<String, ConcurrentMap<String, EntryMeters>> map, String service, String method, boolean worker) {
        ConcurrentMap<String, EntryMeters> methods = map.get(service);
        if (methods == null) {
            methods = map.computeIfAbsent(service, s -> new ConcurrentHashMap<>());
        }
        EntryMeters meters = methods.get(method);
        return meters != null ? meters : methods.computeIfAbsent(method, m -> new EntryMeters(service, m, worker));
    }

    @Override
    public void rpcServed(String service, String method, String outcome, long nanos) {
        if (registry != null) {
            meters(service, method).served(outcome).record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void rpcCalled(String service, String target, String method, String outcome, long nanos) {
        if (registry != null) {
            // by the calling service (outside a container: ""), the method called, its service, the outcome
            meters(callers, service == null ? "" : service, method, false).called(target, outcome).record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    private static Timer.Builder rpcTimer(String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(BUCKETS);
    }

    @Override
    public void consumed(String service, String method, String outcome, long nanos) {
        if (registry != null) {
            meters(service, method).consumed(outcome).record(nanos, TimeUnit.NANOSECONDS);
        }
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

    /**
     * One entry point's meters (or, for {@link #rpcCalled}, a calling service's of one method name): the in-flight gauge at
     * once, the timers of the common outcome ({@code ok}, {@code acked}) in a field of their own at their first use,
     * any other outcome in a map by its name.
     */
    private final class EntryMeters {
        private final String service;
        private final String method;
        final AtomicInteger active = new AtomicInteger();
        private volatile Timer ok;
        private volatile Timer acked;
        private final ConcurrentMap<String, Timer> served = new ConcurrentHashMap<>();
        private final ConcurrentMap<String, Timer> consumed = new ConcurrentHashMap<>();
        // by target, then outcome; the ok timer of the last target called first (a method calls one target, mostly)
        private final ConcurrentMap<String, ConcurrentMap<String, Timer>> called = new ConcurrentHashMap<>();
        private volatile Called lastOk;

        /** {@code worker}: an entry point's, with its in-flight gauge; else a caller's, with its {@link #called} timers only. */
        EntryMeters(String service, String method, boolean worker) {
            this.service = service;
            this.method = method;
            if (worker) {
                Gauge.builder("farine.workers.active", active, AtomicInteger::get).description("workers running now")
                        .tag("service", service).tag("method", method).register(registry);
            }
        }

        Timer served(String outcome) {
            if (Observer.OK.equals(outcome)) {
                Timer timer = ok;
                if (timer == null) {
                    ok = timer = servedTimer(Observer.OK);
                }
                return timer;
            }
            Timer timer = served.get(outcome);
            return timer != null ? timer : served.computeIfAbsent(outcome, this::servedTimer);
        }

        private Timer servedTimer(String outcome) {
            // the registry hands back the same timer for the same name and tags: a race here makes no second one
            return rpcTimer("farine.rpc.server", "RPC requests served, by outcome")
                    .tag("service", service).tag("method", method).tag("outcome", outcome).register(registry);
        }

        Timer consumed(String outcome) {
            if (Observer.ACKED.equals(outcome)) {
                Timer timer = acked;
                if (timer == null) {
                    acked = timer = consumedTimer(Observer.ACKED);
                }
                return timer;
            }
            Timer timer = consumed.get(outcome);
            return timer != null ? timer : consumed.computeIfAbsent(outcome, this::consumedTimer);
        }

        private Timer consumedTimer(String outcome) {
            return Timer.builder("farine.messages.consumed").description("messages consumed, by how they were settled")
                    .tag("service", service).tag("method", method).tag("outcome", outcome).register(registry);
        }

        Timer called(String target, String outcome) {
            boolean isOk = Observer.OK.equals(outcome);
            Called last = lastOk;
            if (isOk && last != null && last.target.equals(target)) {
                return last.timer;
            }
            ConcurrentMap<String, Timer> byOutcome = called.get(target);
            if (byOutcome == null) {
                byOutcome = called.computeIfAbsent(target, t -> new ConcurrentHashMap<>());
            }
            Timer timer = byOutcome.get(outcome);
            if (timer == null) {
                timer = byOutcome.computeIfAbsent(outcome, o -> rpcTimer("farine.rpc.client", "RPC calls made, by target and outcome")
                        .tag("service", service).tag("target", target).tag("method", method).tag("outcome", o).register(registry));
            }
            if (isOk && (last == null || last.timer != timer)) {
                lastOk = new Called(target, timer);
            }
            return timer;
        }
    }

    private record Called(String target, Timer timer) {
    }
}
