package farine.internal;

import farine.ConfigSection;
import farine.Execute;
import farine.spi.DependencyProvider;
import farine.spi.Entrypoint;
import farine.spi.MethodContext;
import farine.spi.Plugin;
import farine.spi.ServiceContext;
import farine.spi.WorkerContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What farine-core itself brings: {@code @Execute} loops and injection of the service's {@link ConfigSection}. */
public final class CorePlugin implements Plugin {

    @Override
    public Set<Class<? extends Annotation>> entrypointAnnotations() {
        return Set.of(Execute.class);
    }

    @Override
    public List<Entrypoint> entrypoints(MethodContext method) {
        return List.of(new ExecuteEntrypoint(method, method.method().getAnnotation(Execute.class)));
    }

    @Override
    public Optional<DependencyProvider> dependency(ServiceContext service, Parameter parameter) {
        if (parameter.getType() == ConfigSection.class) {
            ConfigSection section = service.config();
            return Optional.of(new DependencyProvider() {
                @Override
                public Object acquire(WorkerContext worker) {
                    return section;
                }
            });
        }
        return Optional.empty();
    }

    @Override
    public void validate(ConfigSection section) {
        section.bool(ServiceContainer.ENABLED, true);
        section.duration(ServiceContainer.SHUTDOWN_TIMEOUT, ServiceContainer.DEFAULT_SHUTDOWN_TIMEOUT, java.time.temporal.ChronoUnit.SECONDS);
        ExecuteEntrypoint.backoff(section);
        ExecuteEntrypoint.interval(section);
    }

    @Override
    public Set<String> configKeys() {
        Set<String> keys = new java.util.HashSet<>(ServiceContainer.KEYS);
        keys.addAll(ExecuteEntrypoint.KEYS);
        return keys;
    }
}
