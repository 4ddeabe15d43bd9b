package farine.internal;

import farine.spi.DependencyProvider;
import farine.spi.Observer;
import farine.spi.Plugin;
import farine.spi.ServiceContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/** The plugins found on the classpath (one per farine module present). */
final class Plugins {

    private final List<Plugin> plugins;

    private Plugins(List<Plugin> plugins) {
        this.plugins = List.copyOf(plugins);
    }

    public static Plugins load(ClassLoader loader) {
        List<Plugin> found = new ArrayList<>();
        ServiceLoader.load(Plugin.class, loader).forEach(found::add);
        if (found.stream().noneMatch(p -> p instanceof CorePlugin)) {
            found.add(0, new CorePlugin());
        }
        return new Plugins(found);
    }

    public List<Plugin> all() {
        return plugins;
    }

    public Set<Class<? extends Annotation>> entrypointAnnotations() {
        Set<Class<? extends Annotation>> all = new HashSet<>();
        plugins.forEach(p -> all.addAll(p.entrypointAnnotations()));
        return all;
    }

    /** The plugins that own an entry point annotation present on the method. */
    List<Plugin> entrypointPlugins(Method method) {
        List<Plugin> owners = new ArrayList<>();
        for (Plugin plugin : plugins) {
            for (Class<? extends Annotation> annotation : plugin.entrypointAnnotations()) {
                if (method.isAnnotationPresent(annotation) && !owners.contains(plugin)) {
                    owners.add(plugin);
                }
            }
        }
        return owners;
    }

    public boolean isEntrypoint(Method method) {
        return !entrypointPlugins(method).isEmpty();
    }

    Optional<DependencyProvider> dependency(ServiceContext service, Parameter parameter) {
        for (Plugin plugin : plugins) {
            Optional<DependencyProvider> provider = plugin.dependency(service, parameter);
            if (provider.isPresent()) {
                return provider;
            }
        }
        return Optional.empty();
    }

    /** The first plugin's observer, else {@link Observer#NONE}. */
    Observer observer(farine.Config config) {
        for (Plugin plugin : plugins) {
            Optional<Observer> observer = plugin.observer(config);
            if (observer.isPresent()) {
                return observer.get();
            }
        }
        return Observer.NONE;
    }

    /** Every plugin's {@link Plugin#validate} of the section. */
    public void validate(farine.ConfigSection section) {
        plugins.forEach(p -> p.validate(section));
    }

    public Set<String> configKeys() {
        Set<String> keys = new HashSet<>();
        plugins.forEach(p -> keys.addAll(p.configKeys()));
        return keys;
    }
}
