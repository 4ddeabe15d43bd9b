package farine.amqp.internal.connection;

import farine.ConfigException;
import farine.FarineException;
import farine.embedded.spi.EmbeddedBroker;
import java.util.ServiceLoader;

/**
 * The development broker a section without {@code amqp_uri} (or with {@code amqp_uri = embedded}) connects to:
 * farine-embedded's, found with {@link ServiceLoader}. farine-embedded is an optional dependency (a production
 * distribution leaves it out), so this is the one class of farine-amqp that names its types, and
 * {@link AmqpConnector} loads it only after finding {@link #BROKER_TYPE} on the class path.
 */
final class EmbeddedFallback {

    /** A constant, so that naming it does not load this class. */
    static final String BROKER_TYPE = "farine.embedded.spi.EmbeddedBroker";

    private final EmbeddedBroker broker;
    private final String uri;

    private EmbeddedFallback(EmbeddedBroker broker, String uri) {
        this.broker = broker;
        this.uri = uri;
    }

    /** Why a section cannot use the embedded broker: farine-embedded is not on the class path. */
    static String missing(String section) {
        return "[" + section + "] no amqp_uri configured and farine-embedded is not on the classpath: set amqp_uri ="
                + " amqp://user:password@host:5672/ (in the INI file or env FARINE_" + section.toUpperCase()
                + "_AMQP_URI), or add farine-embedded for a development broker";
    }

    /** Starts (or joins) the process's embedded broker on {@code port} (0: any). */
    static EmbeddedFallback start(String section, int port, ClassLoader loader) {
        EmbeddedBroker broker = ServiceLoader.load(EmbeddedBroker.class, loader).findFirst()
                .orElseThrow(() -> new ConfigException(missing(section)));
        try {
            return new EmbeddedFallback(broker, broker.start(port));
        } catch (Exception e) {
            throw new FarineException("the embedded development broker did not start: " + e, e);
        }
    }

    /** Its {@code amqp://} URI, with credentials: never log it raw. */
    String uri() {
        return uri;
    }

    /** Gives the broker back (the last user in the process stops it). Never throws. */
    void stop() {
        broker.stop();
    }
}
