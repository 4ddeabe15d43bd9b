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
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One service's presence in the registry: described (schemas included) from when the container sets it up, beside
 * its start, announced once every entry point has started, departed before any stops. A failure to announce is
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
    private CompletableFuture<ServiceInstance> described;
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

    /**
     * Starts describing the service: its RPC methods' schemas are made on a virtual thread of their own (on a cold
     * start the schema generator and Jackson's type model are some 600 classes and tens of milliseconds), while the
     * container connects and starts its entry points, so that they are not on the way to the first call.
     */
    @Override
    public void setup() {
        Duration interval = interval(service.config());
        List<EntrypointInfo> entrypoints = new ArrayList<>();
        List<Map.Entry<MethodContext, EntrypointInfo>> rpc = new ArrayList<>();
        for (MethodContext method : methods) {
            for (var entrypoint : method.entrypoints()) {
                EntrypointInfo info = entrypoint.info();
                entrypoints.add(info);
                if (info.kind().equals("rpc")) {
                    rpc.add(Map.entry(method, info));
                }
            }
        }
        CompletableFuture<ServiceInstance> future = new CompletableFuture<>();
        described = future;
        Thread.ofVirtual().name("farine-registry-describe").start(() -> {
            try {
                MethodDescriber describer = new MethodDescriber();
                List<MethodDescription> descriptions = rpc.stream().map(e -> describer.describe(e.getKey(), e.getValue())).toList();
                future.complete(new ServiceInstance(service.name(), announcers.instance(), HOST, ProcessHandle.current().pid(), VERSION,
                        announcers.started(), interval, entrypoints, descriptions));
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
    }

    /** Announces the service once it is described (a failure to describe it fails the start, as it did in setup). */
    @Override
    public void start() {
        ServiceInstance instance;
        try {
            instance = described.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
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
