package farine.spi;

import farine.Config;
import farine.ConfigSection;
import java.util.function.Supplier;

/**
 * One service inside a container, as plugins see it while wiring it. Thread-safe.
 */
public interface ServiceContext {

    /** The service name (PROTOCOL.md §1). */
    String name();

    /** The service class. */
    Class<?> type();

    /** The service's INI section. */
    ConfigSection config();

    /** The whole configuration (an RPC client reads the section of the remote service). */
    Config containerConfig();

    /**
     * A resource shared by every service of the container, created on first request and managed by
     * the container: set up and started before any dependency or entry point, stopped after them
     * (one AMQP connection per container, for instance). Keyed by its class.
     */
    <T extends Extension> T shared(Class<T> type, Supplier<T> factory);

    /**
     * Reports a failure of a container-managed thread that cannot be recovered from: the container
     * logs it and stops, and {@link farine.Container#stopped()} completes exceptionally. Never throws.
     */
    void fail(String what, Throwable cause);

    /** The container's observer ({@link Observer#NONE} when nothing observes it). */
    default Observer observer() {
        return Observer.NONE;
    }

    /** Whether the container is running (started and not stopping). */
    boolean running();
}
