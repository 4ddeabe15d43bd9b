package farine.testing;

import farine.embedded.spi.EmbeddedBroker;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds a RabbitMQ broker for tests, once per JVM, in this order:
 * <ol>
 *   <li>env {@code FARINE_TEST_AMQP_URI}: used as given; if nothing answers there the lookup fails
 *       (it does not silently fall back);</li>
 *   <li>the local broker on 127.0.0.1:5672, guest/guest, virtual host {@code /};</li>
 *   <li>a RabbitMQ container through Testcontainers, when it is on the classpath and a Docker engine
 *       answers;</li>
 *   <li>the embedded development broker (farine-embedded, Apache Qpid), in this JVM, stopped at exit.</li>
 * </ol>
 * When none serves, {@link #amqpUri()} throws an {@link IllegalStateException} listing each step with
 * its reason and how to provide a broker. {@code FARINE_TEST_SOURCES} (e.g. {@code testcontainers})
 * limits the steps taken; {@code FARINE_TEST_RABBITMQ_IMAGE} names the container image (docs/testing.md). Thread-safe.
 */
public final class TestBroker {

    public static final String ENV = "FARINE_TEST_AMQP_URI";
    /** The local broker's default virtual host {@code /} written out: a bare trailing slash would mean the empty name. */
    static final String LOCAL_URI = "amqp://guest:guest@127.0.0.1:5672/%2F";

    static final Lookup LOOKUP = new Lookup("RabbitMQ", ENV, "amqp://user:password@host:5672/%2F", "127.0.0.1", 5672, LOCAL_URI,
            "RabbitMQ on 127.0.0.1:5672", "start RabbitMQ on 127.0.0.1:5672 (user guest/guest), start a Docker engine for"
                    + " Testcontainers (with org.testcontainers:testcontainers-rabbitmq on the test classpath), or put"
                    + " io.farine:farine-embedded on the test classpath");

    private static final Lookup.Once<Lookup.Found> FOUND = new Lookup.Once<>(
            () -> LOOKUP.locate(Lookup.environment(), Lookup::tcp, List.of(Lookup.Fallback.of(TestSource.TESTCONTAINERS, Docker::rabbitMq), embedded())));

    private TestBroker() {
    }

    /** The broker's {@code amqp://} URI, with credentials. */
    public static String amqpUri() {
        return FOUND.get().address();
    }

    /** Where the broker came from (a test that needs RabbitMQ-only features can check for {@link TestSource#EMBEDDED}). */
    public static TestSource source() {
        return FOUND.get().source();
    }

    static Lookup.Fallback embedded() {
        return Lookup.Fallback.of(TestSource.EMBEDDED, () -> {
            EmbeddedBroker broker = ServiceLoader.load(EmbeddedBroker.class, TestBroker.class.getClassLoader()).findFirst()
                    .orElseThrow(() -> new Unavailable("io.farine:farine-embedded is not on the classpath"));
            String uri = broker.start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "farine-test-broker-stop"));
            return uri;
        });
    }
}
