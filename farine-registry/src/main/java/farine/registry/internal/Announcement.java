package farine.registry.internal;

import farine.ConfigException;
import farine.amqp.spi.AmqpConnection;
import farine.registry.MethodDescription;
import farine.registry.ServiceInstance;
import farine.spi.EntrypointInfo;
import farine.spi.Extension;
import farine.spi.MethodContext;
import farine.spi.ServiceContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * One service's presence in the registry: described (schemas included) when the container sets it up,
 * announced once every entry point has started, departed before any stops. A failure to announce is
 * logged by the {@link Announcer}, never fatal to the service.
 */
final class Announcement implements Extension {

    static final String REGISTRY = "registry";
    static final String REGISTRY_INTERVAL = "registry_interval";
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    private static final String VERSION = version();
    private static final String HOST = host();

    private final ServiceContext service;
    private final List<MethodContext> methods;
    private final Announcers announcers;
    private final AmqpConnection connector;
    private ServiceInstance instance;
    private volatile Announcer announcer;

    Announcement(ServiceContext service, List<MethodContext> methods) {
        this.service = service;
        this.methods = methods;
        // the connectors first: a shared extension stops in the reverse order of creation, the announcers before the connections
        this.connector = AmqpConnection.of(service, service.config());
        this.announcers = Announcers.of(service);
    }

    /** {@code registry_interval} of a section, checked. */
    static Duration interval(farine.ConfigSection section) {
        Duration interval = section.duration(REGISTRY_INTERVAL, DEFAULT_INTERVAL, ChronoUnit.SECONDS);
        if (interval.toMillis() < 100) {
            throw new ConfigException("[" + section.name() + "] " + REGISTRY_INTERVAL + " = " + interval.toMillis()
                    + " ms is too short: at least 100ms (readers drop an instance after " + Wire.MISSED_HEARTBEATS + " missed intervals)");
        }
        return interval;
    }

    @Override
    public void setup() {
        Duration interval = interval(service.config());
        MethodDescriber describer = new MethodDescriber();
        List<EntrypointInfo> entrypoints = new ArrayList<>();
        List<MethodDescription> described = new ArrayList<>();
        for (MethodContext method : methods) {
            for (var entrypoint : method.entrypoints()) {
                EntrypointInfo info = entrypoint.info();
                entrypoints.add(info);
                if (info.kind().equals("rpc")) {
                    described.add(describer.describe(method, info));
                }
            }
        }
        instance = new ServiceInstance(service.name(), announcers.instance(), HOST, ProcessHandle.current().pid(), VERSION,
                announcers.started(), interval, entrypoints, described);
    }

    @Override
    public void start() {
        Announcer a = announcers.forConnector(connector);
        a.add(instance);
        announcer = a;
    }

    @Override
    public void stop() {
        Announcer a = announcer;
        if (a != null) {
            a.remove(service.name());
        }
    }

    /**
     * A kill departs too, best effort: one publish on the registry's own channel, before the connections close
     * (service extensions are killed before the shared ones). Sent or not, readers drop the instance after the
     * missed heartbeats, as for a process killed with {@code kill -9}, which sends nothing.
     */
    @Override
    public void kill() {
        stop();
    }

    private static String version() {
        Properties properties = new Properties();
        try (InputStream in = Announcement.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // the version is informative only
        }
        return properties.getProperty("version", "unknown");
    }

    private static String host() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
