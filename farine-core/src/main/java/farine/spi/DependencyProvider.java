package farine.spi;

/**
 * Provides a value injected into a service's constructor or method parameter, once per worker
 * (nameko's DependencyProvider): a publisher, an RPC proxy, a database connection.
 *
 * <p>{@link #acquire}, {@link #complete} and {@link #release} run on the worker's virtual thread. For every
 * value {@code acquire} returned, {@code complete} is called once when the outcome is known but before the
 * entry point passes it on, and {@code release} is always called, in {@code finally}, after the worker's
 * result has been fully handled (for a streaming reply, after its last item).
 */
public interface DependencyProvider extends Extension {

    /** The value for this worker. Throwing fails the worker before the method runs. */
    Object acquire(WorkerContext worker);

    /**
     * Completes the worker's work with its outcome before the entry point hands it on (replies, acknowledges): a database
     * transaction commits or rolls back here, so a caller never sees a result whose work then fails to
     * commit. Called after the method returned or threw; when it returned a {@code java.util.stream.Stream}
     * or {@code Iterator}, once that has been consumed to its end (or has thrown), before the entry point
     * signals the end; if the entry point never consumes it to the end, just before {@link #release}.
     * {@code failure} is what the method (or its stream) threw, or null. Throwing turns a success into a
     * failure that the entry point reports instead of the result (an error reply, a rejected message).
     */
    default void complete(WorkerContext worker, Object value, Throwable failure) {
    }

    /**
     * Gives back what {@link #acquire} returned; {@code failure} is what the worker threw, or null.
     * Must not throw; failures are logged by the container if it does.
     */
    default void release(WorkerContext worker, Object value, Throwable failure) {
    }
}
