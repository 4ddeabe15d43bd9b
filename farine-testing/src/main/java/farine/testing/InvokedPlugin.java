package farine.testing;

import farine.spi.Entrypoint;
import farine.spi.MethodContext;
import farine.spi.Plugin;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Set;

/**
 * Turns {@link Invoked} methods into entry points that run only when a test calls {@code Container.invoke}. Public for
 * {@link java.util.ServiceLoader} only (here rather than in {@code internal}: it names {@link Invoked}).
 */
public final class InvokedPlugin implements Plugin {

    @Override
    public Set<Class<? extends Annotation>> entrypointAnnotations() {
        return Set.of(Invoked.class);
    }

    @Override
    public List<Entrypoint> entrypoints(MethodContext method) {
        return List.of(() -> "invoked " + method.name());
    }
}
