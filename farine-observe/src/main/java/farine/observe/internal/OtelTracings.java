package farine.observe.internal;

import farine.ConfigException;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;

/** Makes {@link OtelTracing}s; the only place that names OpenTelemetry's types outside that class. */
final class OtelTracings {

    private OtelTracings() {
    }

    public static Tracing of(OpenTelemetry openTelemetry) {
        return new OtelTracing(openTelemetry);
    }

    /** The application's global OpenTelemetry (set by the Java agent or {@code GlobalOpenTelemetry.set}). */
    static Tracing global() {
        try {
            Class.forName("io.opentelemetry.api.GlobalOpenTelemetry", false, OtelTracings.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigException("[DEFAULT] " + MetricsObserver.OPENTELEMETRY + " = true, but the OpenTelemetry API"
                    + " (io.opentelemetry:opentelemetry-api) is not on the classpath");
        }
        return new OtelTracing(GlobalOpenTelemetry.get());
    }
}
