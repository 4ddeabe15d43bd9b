package farine.observe.internal;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;

/** HikariCP's own Micrometer tracker on a pool; a class of its own so that HikariCP is only loaded when present. */
final class HikariMeters {

    private HikariMeters() {
    }

    static void track(DataSource pool, MeterRegistry registry) {
        ((HikariDataSource) pool).setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }
}
