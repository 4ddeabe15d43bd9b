package farine.spi;

/**
 * An in-process development broker (farine-embedded provides one with Apache Qpid Broker-J), found
 * with {@link java.util.ServiceLoader}; used when no {@code amqp_uri} is configured or it says
 * {@code embedded}.
 */
public interface EmbeddedBroker {

    /** Starts the broker (port 0 = any free port) and returns its {@code amqp://} URI with credentials. */
    String start(int port) throws Exception;

    /** Stops it. Never throws. */
    void stop();
}
