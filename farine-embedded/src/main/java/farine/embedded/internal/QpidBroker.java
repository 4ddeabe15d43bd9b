package farine.embedded.internal;

import farine.FarineException;
import farine.embedded.spi.EmbeddedBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.SystemConfig;
import org.apache.qpid.server.model.port.AmqpPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development broker: Apache Qpid Broker-J with one in-memory virtual host ({@code default},
 * also reached as {@code /} and the empty name), user guest/guest, listening on 127.0.0.1 only.
 * One instance runs at most one broker, and several instances may run side by side on different
 * ports (a test's private broker); the launcher and {@code amqp_uri = embedded} share one per process
 * through {@link SharedBroker}, which is what {@link java.util.ServiceLoader} finds; a private broker comes from
 * {@link SharedBroker#privateBroker}. {@link #start} and
 * {@link #stop} may be called from any thread (they are synchronized).
 */
final class QpidBroker implements EmbeddedBroker {

    private static final Logger LOG = LoggerFactory.getLogger(QpidBroker.class);
    static final String HOST = "127.0.0.1";
    static final String CONFIG = "qpid-config.json";
    /**
     * Qpid reads a 0-9-1 {@code expiration} as an absolute time (JMS style), RabbitMQ as a TTL in ms
     * from now: {@code expiration = "30000"} would be long past and the message dropped on arrival (every
     * RPC request carries one). With this floor every message with an expiration lives at least this
     * long; farine's RPC server still drops a request past its deadline header.
     */
    static final java.time.Duration EXPIRATION_FLOOR = java.time.Duration.ofMinutes(5);
    private static final String MINIMUM_MESSAGE_TTL = "queue.minimumMessageTtl";

    private SystemLauncher launcher;
    private Path workDir;
    private String uri;
    private int port;

    QpidBroker() {
    }

    @Override
    public synchronized String start(int port) throws IOException {
        if (launcher != null) {
            throw new IllegalStateException("this embedded broker is already running at " + uri);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("embedded_port = " + port + " is not a TCP port (1-65535, or 0 for any free port)");
        }
        QuietQpidLogs.apply();
        long started = System.nanoTime();
        workDir = Files.createTempDirectory("farine-broker-");
        LaunchListener listener = new LaunchListener();
        SystemLauncher starting = new SystemLauncher(listener);
        try {
            starting.startup(attributes(port));
            listener.failure().ifPresent(e -> {
                throw e;
            });
            this.port = boundPort(listener.systemConfig(), port);
            uri = "amqp://guest:guest@" + HOST + ":" + this.port + "/";
            launcher = starting;
        } catch (Exception | LinkageError e) {
            shutDown(starting);
            throw new FarineException("the embedded broker did not start on " + HOST + ":" + port + ": " + rootMessage(e), e);
        }
        LOG.debug("embedded broker at {}:{} started in {} ms", HOST, this.port, (System.nanoTime() - started) / 1_000_000);
        return uri;
    }

    /** The bound AMQP port while running, else 0. */
    synchronized int port() {
        return launcher == null ? 0 : port;
    }

    /** The URI while running, else null. */
    synchronized String uri() {
        return uri;
    }

    @Override
    public synchronized void stop() {
        if (launcher != null) {
            shutDown(launcher);
            launcher = null;
            uri = null;
            port = 0;
        }
    }

    private Map<String, Object> attributes(int port) {
        URL config = Objects.requireNonNull(QpidBroker.class.getResource(CONFIG), CONFIG + " missing from farine-embedded");
        return Map.of(
                SystemConfig.TYPE, "Memory",
                SystemConfig.INITIAL_CONFIGURATION_LOCATION, config.toExternalForm(),
                SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false,
                "context", Map.of(
                        SystemConfig.QPID_WORK_DIR, workDir.toString(),
                        Broker.QPID_AMQP_PORT, Integer.toString(port),
                        MINIMUM_MESSAGE_TTL, Long.toString(EXPIRATION_FLOOR.toMillis())));
    }

    private static int boundPort(SystemConfig<?> systemConfig, int requested) {
        if (systemConfig == null) {
            throw new IllegalStateException("Qpid did not resolve its broker");
        }
        Broker<?> broker = systemConfig.getContainer(Broker.class);
        return broker.getChildren(Port.class).stream()
                .filter(AmqpPort.class::isInstance)
                .mapToInt(p -> ((AmqpPort<?>) p).getBoundPort())
                .filter(p -> p > 0)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Qpid's AMQP port is not listening (requested " + requested + ")"));
    }

    // Qpid's own shutdown does not throw for a clean close; the work directory goes in any case.
    private void shutDown(SystemLauncher target) {
        try {
            target.shutdown();
        } catch (RuntimeException e) {
            LOG.warn("embedded broker did not stop cleanly: {}", e.toString());
        } finally {
            deleteWorkDir();
        }
    }

    private void deleteWorkDir() {
        if (workDir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete the embedded broker's work directory {}: {}", workDir, e.toString());
        }
        workDir = null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }
}
