package farine.spi;

import farine.Config;
import java.util.List;

/** What an {@link Observer} sees of its container for health endpoints. Thread-safe; called from any thread. */
public interface ObservedContainer {

    Config config();

    /** The services the container runs. */
    List<String> services();

    /** Whether the container is alive: not stopped and not failed (its own threads can still do work). */
    boolean live();

    /**
     * Why the container should not receive work now, one entry per reason (starting, stopping, the broker connection
     * down, a consumer not registered, a database pool unable to lend a connection); empty when it is ready.
     */
    List<String> notReady();
}
