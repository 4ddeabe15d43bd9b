package farine.spi;

/**
 * Provides a value injected into a service's constructor or method parameter, once per worker
 * (nameko's DependencyProvider): a publisher, an RPC proxy, a database connection.
 *
 * <p>{@link #acquire} and {@link #release} run on the worker's virtual thread. {@code release} is
 * always called for every value {@code acquire} returned, in {@code finally}, after the worker's result
 * has been fully handled (for a streaming reply, after its last item).
 */
public interface DependencyProvider extends Extension {

    /** The value for this worker. Throwing fails the worker before the method runs. */
    Object acquire(WorkerContext worker);

    /**
     * Gives back what {@link #acquire} returned; {@code failure} is what the worker threw, or null.
     * Must not throw; failures are logged by the container if it does.
     */
    default void release(WorkerContext worker, Object value, Throwable failure) {
    }
}
