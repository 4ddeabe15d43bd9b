package farine.gateway.internal;

import farine.Config;
import farine.ConfigException;
import farine.amqp.spi.AmqpSettings;
import farine.gateway.Gateway;
import farine.spi.Extension;
import farine.spi.MethodContext;
import farine.spi.Plugin;
import farine.spi.ServiceContext;
import java.util.List;
import java.util.Set;

/**
 * farine-gateway's plugin: {@code gateway = true} in one service's section starts a gateway in that container, next
 * to its services ({@link Gateway#start}, reading {@code [gateway]}), once they serve, and closes it before they
 * stop. Also names the keys the gateway reads, so the container does not warn about them.
 */
public final class GatewayPlugin implements Plugin {

    static final String GATEWAY = "gateway";

    @Override
    public List<Extension> serviceExtensions(ServiceContext service, List<MethodContext> methods) {
        if (!service.config().bool(GATEWAY, false)) {
            return List.of();
        }
        if (service.containerConfig().section(Config.DEFAULT_SECTION).bool(GATEWAY, false)) {
            throw new ConfigException("[DEFAULT] gateway = true would start a gateway per service: set it in one service's section, e.g. ["
                    + service.name() + "]");
        }
        return List.of(new InProcessGateway(brokerOf(service)));
    }

    /**
     * The configuration the in-process gateway starts with: {@code [gateway]}'s {@code amqp_uri}, else the broker of the
     * service whose section switched it on (its {@code amqp_uri}, else the process's embedded broker, as for the service):
     * next to services on the embedded development broker it serves them, instead of refusing to start.
     */
    private static Config brokerOf(ServiceContext service) {
        Config config = service.containerConfig();
        if (config.section(GATEWAY).get(AmqpSettings.AMQP_URI).map(String::strip).filter(s -> !s.isEmpty()).isPresent()) {
            return config;
        }
        String uri = service.config().get(AmqpSettings.AMQP_URI).map(String::strip).filter(s -> !s.isEmpty()).orElse(AmqpSettings.EMBEDDED);
        return config.withOverride(AmqpSettings.AMQP_URI, uri, "[" + service.name() + "] (its in-process gateway)");
    }

    /** The values' types; ranges and tokens are checked when a gateway starts ({@code GatewaySettings}). */
    @Override
    public void validate(farine.ConfigSection section) {
        section.bool(GATEWAY, false);
        section.integer("port", 8080);
        section.longValue("max_body", 1 << 20);
        section.bool("private", false);
        section.integer("max_in_flight", 64);
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(GATEWAY, "port", "bind", "max_body", "tokens_file", "token", "routes", "private", "max_in_flight", "max_rate", "read_timeout", "keep_alive");
    }

    /** The gateway's lifetime within the container's: started after the entry points, closed before them. */
    private static final class InProcessGateway implements Extension {

        private final Config config;
        private volatile Gateway gateway;

        InProcessGateway(Config config) {
            this.config = config;
        }

        @Override
        public void start() {
            gateway = Gateway.start(config);
        }

        @Override
        public void stop() {
            kill();
        }

        @Override
        public void kill() {
            Gateway running = gateway;
            gateway = null;
            if (running != null) {
                running.close();
            }
        }
    }
}
