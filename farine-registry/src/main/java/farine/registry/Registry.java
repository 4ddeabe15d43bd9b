package farine.registry;

import farine.Implementations;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What runs on a broker: every farine container announces its services on the {@code farine.registry}
 * exchange (docs/registry.md); a {@code Registry} reads those announcements and keeps the current picture.
 * Thread-safe. Close it when done.
 *
 * <pre>{@code
 * try (Registry registry = Registry.connect("amqp://guest:guest@localhost:5672/")) {
 *     for (ServiceInstance instance : registry.snapshot().instances()) {
 *         System.out.println(instance.service() + " on " + instance.host() + " pid " + instance.pid());
 *     }
 * }
 * }</pre>
 */
public interface Registry extends AutoCloseable {

    /** How long {@link #connect(String)} waits for the running instances to answer its question. */
    Duration DEFAULT_WAIT = Duration.ofSeconds(1);

    /**
     * Connects, asks every running instance to announce itself and returns once their answers had
     * {@link #DEFAULT_WAIT} to arrive: {@link #snapshot()} is then the current picture.
     *
     * @throws farine.FarineException when the broker cannot be reached or the URI is invalid
     */
    static Registry connect(String amqpUri) {
        return Implementations.of(Connector.class).connect(amqpUri, DEFAULT_WAIT);
    }

    /** As {@link #connect(String)}, waiting {@code wait} for the answers (zero: return at once, the picture fills in). */
    static Registry connect(String amqpUri, Duration wait) {
        return Implementations.of(Connector.class).connect(amqpUri, wait);
    }

    /** The instances known now: announced, not departed, not silent for three of their heartbeat intervals. */
    RegistrySnapshot snapshot();

    /**
     * Calls {@code listener} with the new snapshot each time an instance arrives, changes or goes (announced
     * departure or missed heartbeats), on one thread of the registry's own, in order; it should not block long.
     * Close the returned handle to stop. A listener that throws is logged and kept.
     */
    AutoCloseable watch(Consumer<RegistrySnapshot> listener);

    /** Closes the connection. Never throws. */
    @Override
    void close();

    /**
     * What {@link #connect(String, Duration)} delegates to: farine-registry's implementation, found with
     * {@link java.util.ServiceLoader} (so that this package names no class of {@code farine.registry.internal}). Not
     * meant to be implemented elsewhere.
     */
    interface Connector {
        /** See {@link Registry#connect(String, Duration)}. */
        Registry connect(String amqpUri, Duration wait);
    }
}
