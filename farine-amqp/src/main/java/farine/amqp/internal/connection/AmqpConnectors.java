package farine.amqp.internal.connection;

import farine.amqp.spi.AmqpSettings;
import farine.ConfigSection;
import farine.spi.Extension;
import farine.spi.ServiceContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The container's AMQP connections, shared by every entry point and dependency of every service
 * (one {@link AmqpConnector} per distinct broker address). Started before any entry point, stopped
 * after them (it is a shared extension of the container).
 */
public final class AmqpConnectors implements Extension {

    private final Map<String, AmqpConnector> connectors = new LinkedHashMap<>();
    private boolean started;

    /** The container's instance. */
    public static AmqpConnectors of(ServiceContext service) {
        return service.shared(AmqpConnectors.class, AmqpConnectors::new);
    }

    /**
     * The connector for a service's section ({@code amqp_uri}, {@code amqp_addresses}, embedded
     * fallback). Connects at container start, or at once if the container already started.
     */
    public synchronized AmqpConnector forSection(ConfigSection section) {
        AmqpSettings settings = AmqpSettings.from(section);
        AmqpConnector connector = connectors.computeIfAbsent(settings.key(), k -> new AmqpConnector(settings));
        if (started) {
            connector.connect();
        }
        return connector;
    }

    @Override
    public void start() {
        List<AmqpConnector> toStart;
        synchronized (this) {
            started = true;
            toStart = new ArrayList<>(connectors.values());
        }
        for (AmqpConnector connector : toStart) {
            connector.connect();
        }
    }

    @Override
    public String notReady() {
        List<AmqpConnector> all;
        synchronized (this) {
            all = new ArrayList<>(connectors.values());
        }
        for (AmqpConnector connector : all) {
            String reason = connector.notReady();
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    @Override
    public void stop() {
        closeAll(false);
    }

    @Override
    public void kill() {
        closeAll(true);
    }

    private void closeAll(boolean abort) {
        List<AmqpConnector> all;
        synchronized (this) {
            all = new ArrayList<>(connectors.values());
        }
        for (AmqpConnector connector : all.reversed()) {
            connector.close(abort);
        }
    }
}
