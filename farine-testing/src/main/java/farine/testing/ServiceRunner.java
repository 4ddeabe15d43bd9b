package farine.testing;

import farine.Config;
import farine.Container;
import farine.embedded.EmbeddedBrokers;
import farine.embedded.spi.EmbeddedBroker;
import farine.spi.Plugin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs service classes in this JVM for a test, against the broker (and database) the tests found, and
 * stops them afterwards: nameko's {@code container_factory} and {@code entrypoint_hook} in one. The JUnit
 * extension ({@link FarineTest}) builds one per test; this is the same thing for code that wants it by hand.
 *
 * <pre>{@code
 * try (ServiceRunner runner = ServiceRunner.builder(Greeting.class).set("greeting", "retries", "1").start()) {
 *     assertThat(runner.invoke("greeting", "hello", "Ada")).isEqualTo("Hello, Ada!");    // as a worker
 *     RpcClients rpc = runner.client(RpcClients::connect);                               // over the broker
 *     assertThat(rpc.caller("greeting").call("hello", "Ada")).isEqualTo("Hello, Ada!");
 * }
 * }</pre>
 *
 * <p>Configuration: {@code [DEFAULT] amqp_uri} is the test broker's (when a farine module that reads
 * {@code amqp_uri} is on the classpath and the test did not set one), {@code shutdown_timeout} 10 s,
 * {@code connect_timeout} 30 s (a missing broker fails the test instead of hanging), and {@code db_url} the
 * test database's when {@link Builder#database()} asked for it; the test's own values win.
 *
 * <p>Isolation: service, exchange and queue names come from the classes and annotations, unchanged. With
 * {@link BrokerChoice#TEST} they live on the shared test broker, where two runs of the same test at the same time
 * compete for the same queues; {@link BrokerChoice#PRIVATE} gives the runner a broker of its own (the embedded
 * one, started for it and stopped with it) so that nothing it declares is seen by anyone else.
 *
 * <p>Not thread-safe to build; {@link #close()} may be called from any thread and more than once.
 */
public final class ServiceRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);
    static final String AMQP_URI = "amqp_uri";
    static final String DB_URL = "db_url";
    static final String AMQP_EMBEDDED = "embedded";

    /** Which broker the services connect to. */
    public enum BrokerChoice {
        /** The broker {@link TestBroker} finds (env, local RabbitMQ, Testcontainers, embedded). */
        TEST,
        /** A broker of this runner's own: the embedded broker, on a free port, stopped at {@link #close()}. */
        PRIVATE
    }

    private final Container container;
    private final Config config;
    private final String amqpUri;
    private final EmbeddedBroker privateBroker;
    private final EmbeddedBroker sharedHandle;
    private final List<AutoCloseable> clients = new ArrayList<>();
    private boolean closed;

    private ServiceRunner(Container container, Config config, String amqpUri, EmbeddedBroker privateBroker, EmbeddedBroker sharedHandle) {
        this.container = container;
        this.config = config;
        this.amqpUri = amqpUri;
        this.privateBroker = privateBroker;
        this.sharedHandle = sharedHandle;
    }

    /** A runner for these service classes; {@link Builder#start()} starts them. */
    public static Builder builder(Class<?>... services) {
        return new Builder(List.of(services));
    }

    /** Starts these service classes with the defaults. */
    public static ServiceRunner start(Class<?>... services) {
        return builder(services).start();
    }

    /** The running container. */
    public Container container() {
        return container;
    }

    /** The effective configuration the container was built with. */
    public Config config() {
        return config;
    }

    /**
     * The broker's URI (with credentials), or null when no AMQP module is on the classpath; with
     * {@code amqp_uri = embedded} the embedded broker's real URI.
     */
    public String amqpUri() {
        return amqpUri;
    }

    /**
     * Runs one entry point method as a worker, with its dependencies injected as the container would,
     * and returns its result (nameko's {@code entrypoint_hook}). See {@link Container#invoke}.
     */
    public Object invoke(String service, String method, Object... payload) {
        return container.invoke(service, method, payload);
    }

    /**
     * A client made from the broker URI, closed with this runner (in reverse order of creation):
     * {@code runner.client(RpcClients::connect)}, {@code runner.client(uri -> Publisher.connect(uri, "orders"))}.
     */
    public synchronized <T extends AutoCloseable> T client(Function<String, T> connect) {
        if (closed) {
            throw new IllegalStateException("this ServiceRunner is closed");
        }
        if (amqpUri == null) {
            throw new IllegalStateException("no broker: no farine module that reads amqp_uri (farine-amqp) is on the classpath");
        }
        T client = Objects.requireNonNull(connect.apply(amqpUri), "the client factory returned null");
        clients.add(client);
        return client;
    }

    /** Stops the container gracefully, closes the clients, stops a private broker. Idempotent; never throws. */
    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(clients);
        }
        try {
            container.stop();
        } catch (RuntimeException e) {
            LOG.warn("stopping {}: {}", container.services(), e.toString());
        }
        for (AutoCloseable client : toClose.reversed()) {
            try {
                client.close();
            } catch (Exception e) {
                LOG.warn("closing test client {}: {}", client, e.toString());
            }
        }
        if (privateBroker != null) {
            privateBroker.stop();
        }
        if (sharedHandle != null) {
            sharedHandle.stop();
        }
    }

    /** Collects the configuration, then {@link #start()}. */
    public static final class Builder {

        private final List<Class<?>> services;
        private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        private BrokerChoice broker = BrokerChoice.TEST;
        private boolean database;

        private Builder(List<Class<?>> services) {
            if (services.isEmpty()) {
                throw new IllegalArgumentException("no service classes given");
            }
            this.services = services;
        }

        /** Sets {@code key} in {@code section} ({@code "DEFAULT"} for every service). */
        public Builder set(String section, String key, String value) {
            sections.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        /** Sets {@code key} in {@code [DEFAULT]}. */
        public Builder set(String key, String value) {
            return set(Config.DEFAULT_SECTION, key, value);
        }

        /**
         * Applies lines as a test annotation gives them: {@code "[greeting] retries = 1"} for a section,
         * {@code "shutdown_timeout = 5s"} for {@code [DEFAULT]}.
         */
        public Builder lines(String... lines) {
            for (String line : lines) {
                ConfigLine parsed = ConfigLine.parse(line);
                set(parsed.section(), parsed.key(), parsed.value());
            }
            return this;
        }

        /** Which broker to use (default {@link BrokerChoice#TEST}). */
        public Builder broker(BrokerChoice choice) {
            this.broker = Objects.requireNonNull(choice);
            return this;
        }

        /** Sets {@code [DEFAULT] db_url} to {@link TestDatabase#jdbcUrl()} (unless the test set one). */
        public Builder database() {
            this.database = true;
            return this;
        }

        /**
         * Builds the configuration, creates the container and starts it; blocks until every entry point is ready.
         *
         * @throws farine.ConfigException when a class is not a service or a value is bad
         * @throws farine.FarineException when the services cannot start (the broker did not answer...)
         * @throws IllegalStateException when no test broker or database can be found
         */
        public ServiceRunner start() {
            Map<String, Map<String, String>> all = new LinkedHashMap<>();
            sections.forEach((k, v) -> all.put(k, new LinkedHashMap<>(v)));
            Map<String, String> defaults = all.computeIfAbsent(Config.DEFAULT_SECTION, s -> new LinkedHashMap<>());
            defaults.putIfAbsent("shutdown_timeout", "10s");
            Set<String> known = knownKeys(services.get(0).getClassLoader());
            EmbeddedBroker own = null;
            String uri = null;
            if (known.contains(AMQP_URI)) {
                defaults.putIfAbsent("connect_timeout", "30s");
                String configured = configuredUri(all);
                if (configured != null) {
                    uri = configured;
                } else if (broker == BrokerChoice.PRIVATE) {
                    own = EmbeddedBrokers.privateBroker();
                    try {
                        uri = own.start(0);
                    } catch (Exception e) {
                        throw new IllegalStateException("the private embedded broker did not start: " + e.getMessage(), e);
                    }
                    defaults.put(AMQP_URI, uri);
                } else {
                    uri = TestBroker.amqpUri();
                    defaults.put(AMQP_URI, uri);
                }
            }
            if (database) {
                defaults.putIfAbsent(DB_URL, TestDatabase.jdbcUrl());
            }
            Config config = Config.of(all);
            Container container = null;
            EmbeddedBroker handle = null;
            try {
                container = Container.create(config, services);
                container.start();
                if (AMQP_EMBEDDED.equalsIgnoreCase(uri)) {
                    // the services run on this process's embedded broker: join it for the real URI (clients need one)
                    handle = ServiceLoader.load(EmbeddedBroker.class, services.get(0).getClassLoader()).findFirst()
                            .orElseThrow(() -> new IllegalStateException("amqp_uri = embedded but farine-embedded is not on the classpath"));
                    uri = handle.start(0);
                }
                return new ServiceRunner(container, config, uri, own, handle);
            } catch (Exception | Error e) {
                if (container != null) {
                    container.kill();
                }
                if (own != null) {
                    own.stop();
                }
                if (handle != null) {
                    handle.stop();
                }
                if (e instanceof RuntimeException re) {
                    throw re;
                }
                if (e instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException("joining the embedded broker failed: " + e.getMessage(), e);
            }
        }

        // a test that set amqp_uri itself (in DEFAULT or in a service's section) keeps it
        private static String configuredUri(Map<String, Map<String, String>> all) {
            String uri = all.get(Config.DEFAULT_SECTION).get(AMQP_URI);
            if (uri != null) {
                return uri;
            }
            return all.values().stream().map(s -> s.get(AMQP_URI)).filter(Objects::nonNull).findFirst().orElse(null);
        }

        private static Set<String> knownKeys(ClassLoader loader) {
            Set<String> keys = new java.util.HashSet<>();
            ServiceLoader.load(Plugin.class, loader).forEach(p -> keys.addAll(p.configKeys()));
            return keys;
        }
    }

    /** One {@code [section] key = value} line. */
    record ConfigLine(String section, String key, String value) {

        static ConfigLine parse(String line) {
            String rest = line.strip();
            String section = Config.DEFAULT_SECTION;
            if (rest.startsWith("[")) {
                int end = rest.indexOf(']');
                if (end < 0) {
                    throw new IllegalArgumentException("config line \"" + line + "\": expected \"[section] key = value\" (no closing ])");
                }
                section = rest.substring(1, end).strip();
                rest = rest.substring(end + 1).strip();
            }
            int eq = rest.indexOf('=');
            if (eq <= 0 || section.isEmpty()) {
                throw new IllegalArgumentException("config line \"" + line + "\": expected \"[section] key = value\" or \"key = value\"");
            }
            return new ConfigLine(section, rest.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT), rest.substring(eq + 1).strip());
        }
    }
}
