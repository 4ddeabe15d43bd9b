package farine.spi;

import java.lang.annotation.Annotation;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a farine module contributes, found with {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/farine.spi.Plugin} file). Called by the container while it wires a
 * service, on the container's thread.
 */
public interface Plugin {

    /** The method annotations this plugin turns into entry points; a class with one of them is a service. */
    default Set<Class<? extends Annotation>> entrypointAnnotations() {
        return Set.of();
    }

    /** The entry points for a method carrying one of {@link #entrypointAnnotations()}. */
    default List<Entrypoint> entrypoints(MethodContext method) {
        return List.of();
    }

    /**
     * A provider for a constructor or method parameter (by its type and annotations), or empty if this
     * plugin does not inject it. Throw {@link farine.ConfigException} if the parameter is meant for this
     * plugin but wrong.
     */
    default Optional<DependencyProvider> dependency(ServiceContext service, Parameter parameter) {
        return Optional.empty();
    }

    /**
     * The container's {@link Observer} (metrics, health endpoint, tracing), or empty when this plugin has none or
     * the configuration does not turn it on. Called once per container, at {@code Container.create}.
     */
    default Optional<Observer> observer(farine.Config config) {
        return Optional.empty();
    }

    /**
     * Extensions that concern a whole service rather than one method (a registry announcement, a ping
     * responder), asked for once the service's entry points are wired; {@code methods} are its entry-point
     * methods. The container sets them up with the entry points, starts them after every entry point has
     * started and stops them before any entry point stops (so what they announce is served).
     */
    default List<Extension> serviceExtensions(ServiceContext service, List<MethodContext> methods) {
        return List.of();
    }

    /**
     * Checks the values of this plugin's keys in one section, throwing {@link farine.ConfigException} (section, key and
     * value) for a bad one. The container calls it at {@code Container.create} for [DEFAULT], every service's section
     * and every section of the INI file, so that a bad value stops the start (exit 1) and {@code farine config},
     * whether or not an entry point reads the key later.
     */
    default void validate(farine.ConfigSection section) {
    }

    /** The INI keys this plugin reads, so that the container can warn about unknown ones. */
    default Set<String> configKeys() {
        return Set.of();
    }
}
