package farine.observe.internal;

import farine.Config;
import farine.spi.Observer;
import farine.spi.Plugin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import java.util.Set;

/**
 * farine-observe's plugin: an observer with a Prometheus registry when {@code metrics_port} is set, recording
 * OpenTelemetry spans when {@code opentelemetry = true}; else none (no cost).
 */
public final class ObservePlugin implements Plugin {

    @Override
    public Optional<Observer> observer(Config config) {
        boolean metrics = MetricsObserver.port(config).isPresent();
        Tracing tracing = MetricsObserver.tracing(config);
        if (!metrics && tracing == null) {
            return Optional.empty();
        }
        return Optional.of(MetricsObserver.create(config, metrics ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null, tracing));
    }

    /** The keys are read from [DEFAULT] only; checked wherever they are set. */
    @Override
    public void validate(farine.ConfigSection section) {
        MetricsObserver.port(section);
        section.bool(MetricsObserver.OPENTELEMETRY, false);
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(MetricsObserver.METRICS_PORT, MetricsObserver.OPENTELEMETRY);
    }
}
