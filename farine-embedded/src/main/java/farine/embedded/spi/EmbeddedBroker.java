package farine.embedded.spi;

/**
 * An in-process development broker (Apache Qpid Broker-J), found with {@link java.util.ServiceLoader}: farine-amqp
 * uses it when a section has no {@code amqp_uri} or says {@code embedded}, through an optional dependency (a
 * production distribution leaves farine-embedded out, docs/deployment.md). Each instance the loader makes is a
 * handle on the process's one shared broker; {@link farine.embedded.EmbeddedBrokers#privateBroker()} makes a broker of its own.
 * Here, not in core's {@code farine.spi}: core knows no transport.
 *
 * <p>Any thread.
 */
public interface EmbeddedBroker {

    /** Starts the broker (port 0 = any free port) and returns its {@code amqp://} URI with credentials. */
    String start(int port) throws Exception;

    /** Stops it. Never throws. */
    void stop();
}
