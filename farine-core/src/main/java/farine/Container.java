package farine;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs service classes: wires each annotated method to its transport through the plugins found on
 * the classpath, runs workers on virtual threads, and stops in a defined order (nameko's):
 * <ol>
 *   <li>entry points stop accepting work;</li>
 *   <li>running workers finish, up to {@code shutdown_timeout} (default 30 s);</li>
 *   <li>workers still running are interrupted;</li>
 *   <li>dependencies stop, then shared resources (connections, pools).</li>
 * </ol>
 *
 * <pre>{@code
 * try (Container container = Container.create(Config.load(path), List.of(Greeting.class))) {
 *     container.start();
 *     container.stopped().join();
 * }
 * }</pre>
 *
 * <p>Methods may be called from any thread. A failure in a worker is logged and never stops the
 * container; a failure in a container-managed thread (a consumer that cannot recover, a dead
 * loop owner) stops it and completes {@link #stopped()} exceptionally.
 */
public interface Container extends AutoCloseable {

    /**
     * Builds a container for the given service classes. Nothing connects yet. Observed by the observers plugins give
     * (farine-observe's, when on the class path); {@code farine.spi.Containers.create} takes one of your own.
     *
     * @throws ConfigException when a class is not a service, a parameter cannot be resolved, or a
     *     value in the configuration is bad
     */
    static Container create(Config config, Collection<Class<?>> serviceClasses) {
        return Factory.INSTANCE.create(config, List.copyOf(serviceClasses));
    }

    /**
     * Finds the service classes that {@code farine --start} would start: each target is a class name or
     * a package (searched with its sub-packages) in which every public class with an entry point
     * annotation or {@link Service} is a service.
     *
     * @throws ConfigException when a target matches nothing; the message says what was searched where
     */
    static List<Class<?>> discover(ClassLoader loader, List<String> targets) {
        return Factory.INSTANCE.discover(loader, targets);
    }

    /**
     * Sets up and starts dependencies, then entry points. Blocks until every entry point is ready.
     *
     * @throws FarineException when a dependency or entry point fails to start; the container has then
     *     been killed
     */
    void start();

    /** Graceful stop in the order above; blocks until done. Idempotent. */
    void stop();

    /** Immediate stop: interrupts workers, closes everything. Never throws. */
    void kill();

    /** Completes when the container has stopped; exceptionally if it stopped because something died. */
    CompletableFuture<Void> stopped();

    /** The names of the services this container runs (disabled ones excluded). */
    List<String> services();

    /** One line per started service, e.g. {@code greeting: rpc hello, rpc squares}. */
    List<String> describe();

    /** The effective {@code shutdown_timeout} (the longest among the services). */
    Duration shutdownTimeout();

    /**
     * Runs one method of a service as a worker, with its dependencies injected, as an entry point
     * would (nameko's {@code entrypoint_hook}); {@code payload} holds the non-injected parameters.
     * Returns the method's result (a returned {@code Stream} is collected to a list before the worker's
     * dependencies are released). Meant for tests.
     *
     * @throws FarineException wrapping what the method threw
     */
    Object invoke(String service, String method, Object... payload);

    /** Same as {@link #stop()}. */
    @Override
    default void close() {
        stop();
    }

    /**
     * What {@link #create} and {@link #discover} delegate to: farine-core's one implementation ({@code farine.internal}),
     * found with {@link java.util.ServiceLoader} so that this package names no class of its {@code internal} package.
     * Not for implementing elsewhere.
     */
    interface Factory {

        /** The implementation, loaded once. */
        Factory INSTANCE = Implementations.of(Factory.class);

        Container create(Config config, List<Class<?>> serviceClasses);

        List<Class<?>> discover(ClassLoader loader, List<String> targets);
    }
}
