package farine.spi;

import farine.Config;
import farine.Container;
import farine.Implementations;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Container} observed by an {@link Observer} of the caller's choosing (for instance farine-observe's
 * {@code FarineMetrics.observer(config, registry)} with an application's own Micrometer registry) instead of the one a
 * plugin would give. Here rather than on {@code Container}, so that the service model names no SPI type
 * (docs/architecture.md).
 */
public final class Containers {

    private Containers() {
    }

    /**
     * Like {@link Container#create(Config, Collection)}, observed by {@code observer}.
     *
     * @throws farine.ConfigException when a class is not a service, a parameter cannot be resolved, or a value in the
     *     configuration is bad
     */
    public static Container create(Config config, Collection<Class<?>> serviceClasses, Observer observer) {
        return Factory.INSTANCE.create(config, List.copyOf(serviceClasses), Objects.requireNonNull(observer, "observer"));
    }

    /**
     * What {@link #create} delegates to: farine-core's one implementation ({@code farine.internal}), found with
     * {@link java.util.ServiceLoader}. Not for implementing elsewhere.
     */
    public interface Factory {

        /** The implementation, loaded once. */
        Factory INSTANCE = Implementations.of(Factory.class);

        Container create(Config config, List<Class<?>> serviceClasses, Observer observer);
    }
}
