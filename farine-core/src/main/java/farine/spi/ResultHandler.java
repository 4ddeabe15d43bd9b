package farine.spi;

/**
 * Receives what a worker's method returned or threw, on the worker's virtual thread, while the
 * worker's dependencies are still held (so a returned stream can be drained before a database
 * connection goes back to its pool). Exactly one of {@code result} and {@code failure} is meaningful:
 * {@code failure} is non-null when the method threw.
 */
@FunctionalInterface
public interface ResultHandler {

    void handle(Object result, Throwable failure) throws Exception;

    /**
     * Called once the worker that {@link MethodContext#start} started has released its dependencies, on its thread, with
     * what it ended with (null: success); work the entry point submits from here (its next message) runs next on this
     * same thread. Not called for a worker that was not started. Must not throw.
     */
    default void released(Throwable failure) {
    }
}
