package farine.testing;

import farine.spi.Secrets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lookup order shared by {@link TestBroker} and {@link TestDatabase}: the environment variable (which
 * wins, and must answer), the local service, then fallbacks (Testcontainers, an embedded server) in order.
 * When nothing is found the failure lists every step tried with its reason and how to provide one.
 * Pure logic with its probes injected, so the order is unit-tested.
 */
final class Lookup {

    private static final Logger LOG = LoggerFactory.getLogger(Lookup.class);
    private static final int PROBE_TIMEOUT_MS = 500;

    /** What a lookup found. */
    record Found(String address, TestSource source) {
    }

    /** Whether something listens at host:port: empty when it does, else why not. */
    @FunctionalInterface
    interface Probe {
        Optional<String> unreachable(String host, int port);
    }

    /** A later step: the address it started, or empty with {@code reason} saying why it could not. */
    interface Fallback {
        TestSource source();

        /** Tries the step; returns the address, or throws {@link Unavailable} with the reason. */
        String start() throws Exception;

        static Fallback of(TestSource source, Callable<String> start) {
            return new Fallback() {
                @Override
                public TestSource source() {
                    return source;
                }

                @Override
                public String start() throws Exception {
                    return start.call();
                }
            };
        }
    }

    private final String what;
    private final String envName;
    private final String envExample;
    private final String localHost;
    private final int localPort;
    private final String localAddress;
    private final String localDescription;
    private final String howToProvide;

    Lookup(String what, String envName, String envExample, String localHost, int localPort, String localAddress,
            String localDescription, String howToProvide) {
        this.what = what;
        this.envName = envName;
        this.envExample = envExample;
        this.localHost = localHost;
        this.localPort = localPort;
        this.localAddress = localAddress;
        this.localDescription = localDescription;
        this.howToProvide = howToProvide;
    }

    Found locate(Map<String, String> env, Probe probe, List<Fallback> fallbacks) {
        Set<TestSource> sources = sources(env);
        String restriction = sources.size() == TestSource.values().length ? null : "skipped: " + SOURCES_ENV + "=" + env.get(SOURCES_ENV).strip();
        String explicit = env.get(envName);
        if (explicit != null && !explicit.isBlank() && !sources.contains(TestSource.ENV)) {
            LOG.info("{} is set but ignored: {}={}", envName, SOURCES_ENV, env.get(SOURCES_ENV).strip());
            explicit = null;
        }
        if (explicit != null && !explicit.isBlank()) {
            explicit = explicit.strip();
            if (explicit.equalsIgnoreCase(EMBEDDED)) {
                return embedded(fallbacks);
            }
            HostPort target = hostPort(explicit);
            Optional<String> why = probe.unreachable(target.host(), target.port());
            if (why.isPresent()) {
                throw new IllegalStateException(envName + " = " + Secrets.maskUri(explicit) + " but nothing answers at "
                        + target.host() + ":" + target.port() + " (" + why.get() + "): start that " + what
                        + ", correct the variable, or unset it to let the tests look for one ("
                        + localDescription + ", then " + fallbacks.stream().map(f -> f.source().description).toList() + ")");
            }
            return found(new Found(explicit, TestSource.ENV));
        }
        List<String> tried = new ArrayList<>();
        tried.add(envName + (sources.contains(TestSource.ENV) ? " (not set)" : " (" + restriction + ")"));
        if (sources.contains(TestSource.LOCAL)) {
            Optional<String> local = probe.unreachable(localHost, localPort);
            if (local.isEmpty()) {
                return found(new Found(localAddress, TestSource.LOCAL));
            }
            tried.add(localDescription + " (" + local.get() + ")");
        } else {
            tried.add(localDescription + " (" + restriction + ")");
        }
        for (Fallback fallback : fallbacks) {
            if (!sources.contains(fallback.source())) {
                tried.add(fallback.source().description + " (" + restriction + ")");
                continue;
            }
            try {
                return found(new Found(fallback.start(), fallback.source()));
            } catch (Unavailable e) {
                tried.add(fallback.source().description + " (" + e.getMessage() + ")");
            } catch (Exception | LinkageError e) {
                tried.add(fallback.source().description + " (failed: " + e + ")");
            }
        }
        throw new IllegalStateException("no " + what + " for tests; tried " + String.join(", ", tried) + ". Provide one: set "
                + envName + "=" + envExample + ", " + howToProvide);
    }

    /** {@code FARINE_TEST_AMQP_URI=embedded}: straight to the embedded step, whatever else runs here. */
    static final String EMBEDDED = "embedded";

    /**
     * The steps the lookups may take, comma-separated ({@code env,local,testcontainers,embedded}; all when
     * unset), in their usual order: {@code testcontainers} runs the tests on containers whatever else
     * answers here, and fails rather than falling back.
     */
    static final String SOURCES_ENV = "FARINE_TEST_SOURCES";
    /** The same as a system property, which wins over the environment variable. */
    static final String SOURCES_PROPERTY = "farine.test.sources";

    /** The environment with {@link #SOURCES_PROPERTY}, when set, as {@link #SOURCES_ENV}. */
    static Map<String, String> environment() {
        String property = System.getProperty(SOURCES_PROPERTY);
        if (property == null || property.isBlank()) {
            return System.getenv();
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(SOURCES_ENV, property);
        return env;
    }

    /** The steps allowed by {@link #SOURCES_ENV}; all when it is unset or blank. */
    static Set<TestSource> sources(Map<String, String> env) {
        String value = env.get(SOURCES_ENV);
        if (value == null || value.isBlank()) {
            return EnumSet.allOf(TestSource.class);
        }
        Set<TestSource> sources = EnumSet.noneOf(TestSource.class);
        for (String name : value.split(",")) {
            String wanted = name.strip().toLowerCase(Locale.ROOT);
            sources.add(Arrays.stream(TestSource.values()).filter(s -> s.name().toLowerCase(Locale.ROOT).equals(wanted)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(SOURCES_ENV + " = " + value.strip() + ": '" + name.strip()
                            + "' is not a source; use a comma-separated list of " + Arrays.stream(TestSource.values())
                                    .map(s -> s.name().toLowerCase(Locale.ROOT)).toList())));
        }
        return sources;
    }

    private Found embedded(List<Fallback> fallbacks) {
        Fallback step = fallbacks.stream().filter(f -> f.source() == TestSource.EMBEDDED).findFirst()
                .orElseThrow(() -> new IllegalStateException(envName + " = embedded, but there is no embedded " + what + " step"));
        try {
            return found(new Found(step.start(), TestSource.EMBEDDED));
        } catch (Exception | LinkageError e) {
            throw new IllegalStateException(envName + " = embedded, but the embedded " + what + " did not start: " + e.getMessage(), e);
        }
    }

    private Found found(Found found) {
        LOG.info("tests use {} {} ({})", what, Secrets.maskUri(found.address()), found.source().description);
        return found;
    }

    record HostPort(String host, int port) {
    }

    /** host and port of an {@code amqp(s)://} URI or a {@code jdbc:postgresql://} URL (default ports 5672 / 5671 / 5432). */
    static HostPort hostPort(String address) {
        String plain = address.startsWith("jdbc:") ? address.substring(5) : address;
        URI uri;
        try {
            uri = URI.create(plain);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("not a URI: " + Secrets.maskUri(address) + " (" + e.getMessage() + ")", e);
        }
        if (uri.getHost() == null) {
            throw new IllegalStateException("no host in " + Secrets.maskUri(address));
        }
        int port = uri.getPort();
        if (port < 0) {
            port = switch (String.valueOf(uri.getScheme())) {
                case "amqps" -> 5671;
                case "postgresql" -> 5432;
                default -> 5672;
            };
        }
        return new HostPort(uri.getHost(), port);
    }

    /** A plain TCP connect with a short timeout. */
    static Optional<String> tcp(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), PROBE_TIMEOUT_MS);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    /** Resolved once, success or failure; a failure is thrown again (as a new exception) on every call. */
    static final class Once<T> {
        private final Supplier<T> supplier;
        private T value;
        private RuntimeException failure;

        Once(Supplier<T> supplier) {
            this.supplier = supplier;
        }

        synchronized T get() {
            if (value == null && failure == null) {
                try {
                    value = supplier.get();
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw new IllegalStateException(failure.getMessage(), failure);
            }
            return value;
        }
    }
}
