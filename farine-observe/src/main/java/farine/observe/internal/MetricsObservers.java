package farine.observe.internal;

import farine.Config;
import farine.observe.FarineMetrics;
import farine.spi.Observer;
import io.micrometer.core.instrument.MeterRegistry;

/** {@link FarineMetrics}'s implementation, listed in {@code META-INF/services}. */
public final class MetricsObservers implements FarineMetrics.Observers {

    @Override
    public Observer observer(Config config, MeterRegistry registry) {
        return MetricsObserver.create(config, registry, MetricsObserver.tracing(config));
    }

    @Override
    public Observer observer(Config config, MeterRegistry registry, io.opentelemetry.api.OpenTelemetry openTelemetry) {
        return MetricsObserver.create(config, registry, OtelTracings.of(openTelemetry));
    }
}
