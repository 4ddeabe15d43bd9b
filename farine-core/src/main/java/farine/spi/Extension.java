package farine.spi;

/**
 * Something with a lifecycle inside a container: an entry point, a dependency provider or a shared
 * resource. The container calls these from its own thread, in order: {@code setup} on everything,
 * then {@code start} (shared resources, then dependencies, then entry points); on shutdown
 * {@code stop} in the reverse order (see {@link farine.Container}); {@code kill} on abnormal
 * termination.
 */
public interface Extension {

    /** Validate configuration and prepare; no I/O that may hang. Throw {@link farine.ConfigException} for bad settings. */
    default void setup() {
    }

    /** Connect, declare, begin. May block until ready. */
    default void start() {
    }

    /**
     * Graceful stop. For an entry point: stop accepting new work but keep what running workers need
     * (they still finish and acknowledge). For a dependency or shared resource: release it; workers
     * have finished by then.
     */
    default void stop() {
    }

    /** Immediate stop. Must never throw and never block for long. */
    default void kill() {
    }

    /**
     * Why this cannot do its work now (e.g. {@code "broker connection 'amqp://host' is down"}), or null when it can;
     * the container's readiness ({@code GET /health/ready}) lists these. Called from any thread, often; must be
     * quick and never throw.
     */
    default String notReady() {
        return null;
    }
}
