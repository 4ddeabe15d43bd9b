package farine.amqp;

import farine.Config;
import farine.ConfigSection;
import farine.Implementations;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes JSON messages to one exchange, with publisher confirms: persistent,
 * {@code content_type=application/json}, {@code content_encoding=utf-8} (PROTOCOL.md §2).
 * Injected by {@link Publish}; outside a container use {@link #connect(String, String)}.
 * Thread-safe: one publisher may be used by many workers at once.
 *
 * <p>Failure: a message the broker does not confirm is published again (INI {@code retry},
 * {@code publish_retries}, with backoff); while the connection recovers, publishing waits. When
 * {@code publish_timeout} passes or the retries are exhausted, {@code send} throws and the
 * {@code sendAsync} future fails with a {@link PublishException}.
 */
public interface Publisher {

    /** Publishes with the publisher's routing key and returns once the broker confirmed it. */
    default void send(Object body) {
        send(Outgoing.of(body));
    }

    /** Publishes with this routing key and returns once the broker confirmed it. */
    default void send(String routingKey, Object body) {
        send(Outgoing.of(body).routingKey(routingKey));
    }

    /** Publishes a message with headers and returns once the broker confirmed it. */
    void send(Outgoing message);

    /** Publishes without waiting; the future completes when the broker confirms (on the client's I/O thread: do not block in callbacks). */
    default CompletableFuture<Void> sendAsync(Object body) {
        return sendAsync(Outgoing.of(body));
    }

    default CompletableFuture<Void> sendAsync(String routingKey, Object body) {
        return sendAsync(Outgoing.of(body).routingKey(routingKey));
    }

    CompletableFuture<Void> sendAsync(Outgoing message);

    /** The exchange this publisher publishes to. */
    String exchange();

    /**
     * A publisher with its own connection, for code outside a container (a {@code main}, a test):
     * declares the exchange ({@code direct}, durable) and publishes with the defaults. Close it when done.
     *
     * @throws farine.FarineException when the broker cannot be reached
     */
    static Standalone connect(String amqpUri, String exchange) {
        return connect(Config.of(Map.of("publisher", Map.of("amqp_uri", amqpUri))).section("publisher"), exchange);
    }

    /** Like {@link #connect(String, String)} with every publishing INI key read from {@code settings}. */
    static Standalone connect(ConfigSection settings, String exchange) {
        return Implementations.of(Connector.class).connect(settings, exchange);
    }

    /**
     * What {@link #connect(ConfigSection, String)} delegates to: farine-amqp's implementation, found with
     * {@link java.util.ServiceLoader} (so that this package names no class of {@code farine.amqp.internal}). Not
     * meant to be implemented elsewhere.
     */
    interface Connector {
        /** See {@link Publisher#connect(ConfigSection, String)}. */
        Standalone connect(ConfigSection settings, String exchange);
    }

    /** A publisher that owns its connection. */
    interface Standalone extends Publisher, AutoCloseable {

        /** Waits for outstanding confirms (up to {@code publish_timeout}), then closes the connection. Never throws. */
        @Override
        void close();
    }
}
