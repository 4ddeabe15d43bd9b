package farine.observe.internal;

import farine.Config;
import farine.spi.Observer;
import farine.spi.Plugin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import java.util.Set;

/** farine-observe's plugin: a Prometheus-backed observer when {@code metrics_port} is set, else none (no cost). */
public final class ObservePlugin implements Plugin {

    @Override
    public Optional<Observer> observer(Config config) {
        if (MetricsObserver.port(config).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(MetricsObserver.create(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(MetricsObserver.METRICS_PORT);
    }
}
