package farine.reliability;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import farine.testing.RabbitCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A RabbitMQ node of our own ({@code farine-fault-<random>@localhost} on free loopback ports, data and
 * logs in a temporary directory), so that the fault scenarios can restart it and close all of its
 * connections without disturbing the shared broker on 5672 that other test runs use. One per JVM,
 * started on first use; stopped and its directory removed at JVM exit (also when a test fails).
 *
 * <p>Besides plain AMQP it listens for AMQP over TLS on a port of its own ({@link #tlsPort()}), with a
 * certificate made at boot by a CA of its own ({@code openssl}, in the node's directory) that names
 * {@code localhost} only (DNS, no IP address); {@link #trustStore()} holds that CA for clients.
 */
final class PrivateRabbit {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateRabbit.class);
    private static final Path RABBIT_BIN = Path.of("/usr/lib/rabbitmq/bin");
    private static final Duration BOOT = Duration.ofSeconds(180);
    private static final Duration COMMAND = Duration.ofSeconds(120);
    static final String TRUST_STORE_PASSWORD = "farine-test";

    private final Path dir;
    private final String node;
    private final int port;
    private final int distPort;
    private final int tlsPort;
    private final ConnectionFactory factory = new ConnectionFactory();

    private PrivateRabbit(Path dir, String node, int port, int distPort, int tlsPort) {
        this.dir = dir;
        this.node = node;
        this.port = port;
        this.distPort = distPort;
        this.tlsPort = tlsPort;
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        factory.setAutomaticRecoveryEnabled(false);
    }

    /** The node of this JVM, started on first use. */
    static PrivateRabbit get() {
        return Holder.NODE;
    }

    private static final class Holder {
        static final PrivateRabbit NODE = boot();
    }

    private static PrivateRabbit boot() {
        if (!Files.isExecutable(RABBIT_BIN.resolve("rabbitmq-server"))) {
            throw new IllegalStateException("the fault scenarios start a private RabbitMQ node and need rabbitmq-server in "
                    + RABBIT_BIN + " (apt-get install rabbitmq-server); the shared broker is never restarted");
        }
        try {
            Path dir = Files.createTempDirectory("farine-fault-");
            String node = "farine-fault-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
            int port = Ports.free();
            int dist = Ports.free();
            int tls = Ports.free();
            makeCertificates(dir);
            Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
            Files.writeString(dir.resolve("rabbitmq.conf"), String.join("\n",
                    "listeners.tcp.default = 127.0.0.1:" + port,
                    "listeners.ssl.default = 127.0.0.1:" + tls,
                    "ssl_options.cacertfile = " + dir.resolve("ca.pem"),
                    "ssl_options.certfile = " + dir.resolve("server.pem"),
                    "ssl_options.keyfile = " + dir.resolve("server.key"),
                    // server authentication only: clients show no certificate
                    "ssl_options.verify = verify_none",
                    "ssl_options.fail_if_no_peer_cert = false",
                    "loopback_users = none",
                    "log.console = false",
                    "log.file.level = warning",
                    ""));
            PrivateRabbit rabbit = new PrivateRabbit(dir, node, port, dist, tls);
            Runtime.getRuntime().addShutdownHook(new Thread(rabbit::destroy, "private-rabbit-stop"));
            rabbit.launch();
            return rabbit;
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare a private RabbitMQ node: " + e, e);
        }
    }

    /**
     * {@code ca.pem} (a CA of this node only), {@code server.pem} / {@code server.key} signed by it for
     * {@code DNS:localhost} alone, and {@code trust.p12} holding the CA, in {@code dir}.
     */
    private static void makeCertificates(Path dir) throws IOException {
        Files.writeString(dir.resolve("server.ext"), String.join("\n",
                "basicConstraints = critical, CA:FALSE",
                "keyUsage = critical, digitalSignature, keyEncipherment",
                "extendedKeyUsage = serverAuth",
                "subjectAltName = DNS:localhost",
                ""));
        for (List<String> command : List.of(
                List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "7", "-subj", "/CN=farine test CA",
                        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                        "-keyout", "ca.key", "-out", "ca.pem"),
                List.of("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                        "-keyout", "server.key", "-out", "server.csr"),
                List.of("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                        "-days", "7", "-extfile", "server.ext", "-out", "server.pem"),
                List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                        "-alias", "farine-test-ca", "-file", "ca.pem", "-storetype", "PKCS12",
                        "-keystore", "trust.p12", "-storepass", TRUST_STORE_PASSWORD))) {
            Procs.run(command, dir, Map.of(), COMMAND);
        }
    }

    private void launch() {
        long began = System.nanoTime();
        Process p = Procs.start(List.of(RABBIT_BIN.resolve("rabbitmq-server").toString(), "-detached"), dir, env(), dir.resolve("server.out"));
        Procs.await(p, COMMAND, "rabbitmq-server -detached (" + node + ")");
        // the node registers with epmd only a while after -detached returns: wait for AMQP itself
        awaitAmqp(BOOT);
        LOG.info("private RabbitMQ {} on 127.0.0.1:{} up in {} ms (dir {})", node, port, (System.nanoTime() - began) / 1_000_000, dir);
    }

    private Map<String, String> env() {
        return Map.of(
                "HOME", dir.toString(), // the node's and rabbitmqctl's Erlang cookie live here, not in ~
                "RABBITMQ_NODENAME", node,
                "RABBITMQ_DIST_PORT", String.valueOf(distPort),
                "RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString(),
                "RABBITMQ_LOG_BASE", dir.resolve("log").toString(),
                "RABBITMQ_PID_FILE", dir.resolve("node.pid").toString(),
                "RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString(),
                "RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
    }

    String uri() {
        return "amqp://guest:guest@127.0.0.1:" + port + "/%2F";
    }

    int port() {
        return port;
    }

    /** The AMQP-over-TLS port (127.0.0.1 only); its certificate names {@code localhost}, not the address. */
    int tlsPort() {
        return tlsPort;
    }

    /** {@code amqps://guest:guest@<host>:<tlsPort>/}: with {@code 127.0.0.1} the certificate does not match. */
    String tlsUri(String host) {
        return "amqps://guest:guest@" + host + ":" + tlsPort + "/";
    }

    /** A PKCS12 trust store holding the CA of this node's certificate only; password {@link #TRUST_STORE_PASSWORD}. */
    Path trustStore() {
        return dir.resolve("trust.p12");
    }

    /** A client connection over TLS to {@code localhost}, trusting this node's CA (and nothing else), without recovery. */
    Connection connectTls(String name) throws Exception {
        KeyStore store = KeyStore.getInstance(trustStore().toFile(), TRUST_STORE_PASSWORD.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        ConnectionFactory tls = new ConnectionFactory();
        tls.setHost("localhost");
        tls.setPort(tlsPort);
        tls.setAutomaticRecoveryEnabled(false);
        tls.useSslProtocol(context);
        tls.enableHostnameVerification();
        return tls.newConnection(name);
    }

    String node() {
        return node;
    }

    /** A plain client connection without recovery, for the test's own publishing and inspection. */
    Connection connect(String name) throws Exception {
        return factory.newConnection(name);
    }

    /** {@code rabbitmqctl -n <node> args...}; its output, or an exception with it. */
    String ctl(String... args) {
        return ctl(COMMAND, args);
    }

    private String ctl(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(RABBIT_BIN.resolve("rabbitmqctl").toString(), "-n", node, "-q"));
        command.addAll(List.of(args));
        return Procs.run(command, dir, env(), timeout);
    }

    /** {@code stop_app} then {@code start_app}: the broker goes away and comes back with its durable queues. */
    void restartApp(Duration down) throws InterruptedException {
        ctl("stop_app");
        Thread.sleep(down.toMillis());
        ctl("start_app");
        awaitAmqp(BOOT);
    }

    void stopApp() {
        ctl("stop_app");
    }

    void startApp() {
        ctl("start_app");
        awaitAmqp(BOOT);
    }

    /** Closes every client connection, as a network failure or an operator would. */
    void closeAllConnections(String reason) {
        ctl("close_all_connections", reason);
    }

    int count(String what) {
        String out = ctl("list_" + what, "--no-table-headers", "name");
        return (int) out.lines().filter(l -> !l.isBlank()).count();
    }

    /** Queue name to ready messages (+ unacked) as {@code rabbitmqctl list_queues} shows them. */
    List<String[]> queues() {
        String out = ctl("list_queues", "--no-table-headers", "name", "messages_ready", "messages_unacknowledged", "consumers");
        return out.lines().filter(l -> !l.isBlank()).map(l -> l.split("\t")).toList();
    }

    private void awaitAmqp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = factory.newConnection("private-rabbit-probe")) {
                return;
            } catch (Exception e) {
                last = e;
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IllegalStateException("private RabbitMQ " + node + " does not answer AMQP on 127.0.0.1:" + port + " within "
                + timeout.toSeconds() + " s: " + last + "; log in " + dir.resolve("log"));
    }

    /** Stops the node (kills it if it will not stop) and removes its directory. Never throws. */
    private void destroy() {
        try {
            ctl(Duration.ofSeconds(60), "stop");
        } catch (RuntimeException e) {
            LOG.warn("rabbitmqctl stop of {} failed: {}", node, e.getMessage());
        }
        new RabbitCluster.Node(node, port, distPort, dir).kill();
        Procs.deleteTree(dir);
    }
}
