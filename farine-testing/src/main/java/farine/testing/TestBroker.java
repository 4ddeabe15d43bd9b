package farine.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

/**
 * Finds a RabbitMQ broker for tests, in this order: env {@code FARINE_TEST_AMQP_URI}; the local
 * broker on 127.0.0.1:5672 (guest/guest); otherwise the test fails with a message saying how to
 * provide one. Thread-safe.
 */
public final class TestBroker {

    public static final String ENV = "FARINE_TEST_AMQP_URI";
    static final String LOCAL_URI = "amqp://guest:guest@127.0.0.1:5672/";

    private TestBroker() {
    }

    /** The broker's {@code amqp://} URI (with credentials). */
    public static String amqpUri() {
        return Locator.BROKER.uri();
    }

    static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Resolved once per JVM. */
    private enum Locator {
        BROKER;

        private final String uri = locate(System.getenv());

        String uri() {
            return uri;
        }

        private static String locate(Map<String, String> env) {
            String explicit = env.get(ENV);
            if (explicit != null && !explicit.isBlank()) {
                return explicit;
            }
            if (listening("127.0.0.1", 5672)) {
                return LOCAL_URI;
            }
            throw new IllegalStateException("no RabbitMQ for tests: set " + ENV
                    + "=amqp://user:pass@host:5672/ or start one on 127.0.0.1:5672 (guest/guest)");
        }
    }
}
