package farine.observe;

import farine.Config;
import farine.Implementations;
import farine.spi.Observer;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * farine's meters on a Micrometer registry of the application's own, for an application that embeds farine (or a
 * test that reads meters):
 *
 * <pre>{@code
 * import farine.Config;
 * import farine.Container;
 * import farine.observe.FarineMetrics;
 * import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
 * import java.util.List;
 *
 * SimpleMeterRegistry registry = new SimpleMeterRegistry();
 * try (Container container = farine.spi.Containers.create(config, List.of(Greeting.class), FarineMetrics.observer(config, registry))) {
 *     container.start();
 * }
 * }</pre>
 *
 * Without it, {@code metrics_port} in {@code [DEFAULT]} (or {@code farine --metrics-port}) gives a container a
 * Prometheus registry of its own, served on that port. With it, the health endpoints (and {@code /metrics} when the
 * registry is a Prometheus one) are served on {@code metrics_port} when it is set. The JVM and process binders are
 * bound to the registry when the container starts.
 */
public final class FarineMetrics {

    /** INI {@code [DEFAULT]} key: the port of {@code /metrics}, {@code /health/live} and {@code /health/ready} (unset: none; 0: any free port). */
    public static final String METRICS_PORT = "metrics_port";

    private static final Observers OBSERVERS = Implementations.of(Observers.class);

    private FarineMetrics() {
    }

    /**
     * An observer recording into {@code registry}; give it to {@code farine.spi.Containers.create(config, classes, observer)}. With
     * {@code opentelemetry = true} in {@code [DEFAULT]} it also records spans with the global OpenTelemetry.
     */
    public static Observer observer(Config config, MeterRegistry registry) {
        return OBSERVERS.observer(config, java.util.Objects.requireNonNull(registry, "registry"));
    }

    /**
     * An observer recording meters into {@code registry} (null: none) and spans with {@code openTelemetry}: a server span
     * per RPC served, a consumer span per message processed, a client span per call, a producer span per message sent,
     * linked through the {@code traceparent} headers. Needs {@code io.opentelemetry:opentelemetry-api} on the classpath.
     */
    public static Observer observer(Config config, MeterRegistry registry, io.opentelemetry.api.OpenTelemetry openTelemetry) {
        return OBSERVERS.observer(config, registry, java.util.Objects.requireNonNull(openTelemetry, "openTelemetry"));
    }

    /**
     * What {@link FarineMetrics} delegates to: farine-observe's one implementation, found with {@link java.util.ServiceLoader}
     * (so that this package names no class of {@code farine.observe.internal}). Not for implementing elsewhere.
     */
    public interface Observers {

        /** See {@link FarineMetrics#observer(Config, MeterRegistry)}. */
        Observer observer(Config config, MeterRegistry registry);

        /** See {@link FarineMetrics#observer(Config, MeterRegistry, io.opentelemetry.api.OpenTelemetry)}. */
        Observer observer(Config config, MeterRegistry registry, io.opentelemetry.api.OpenTelemetry openTelemetry);
    }
}
