package farine.internal;

import farine.spi.DependencyProvider;
import farine.spi.Entrypoint;
import farine.spi.Extension;
import farine.spi.MethodContext;
import farine.spi.Plugin;
import farine.spi.ServiceContext;
import farine.spi.WorkerContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A plugin for tests of the container: {@code @Probe} methods get an entry point that records its
 * lifecycle; {@link Journal} parameters get the container's journal through a provider that records
 * its own lifecycle (its complete throws for methods named {@code unsettled*}); {@link ServiceContext} parameters get the service's context. Setting
 * {@code probe_kill_fails = true} makes the entry point's kill throw.
 */
public final class ProbePlugin implements Plugin {

    static final String KILL_FAILS = "probe_kill_fails";

    @Override
    public Set<Class<? extends Annotation>> entrypointAnnotations() {
        return Set.of(Probe.class);
    }

    @Override
    public List<Entrypoint> entrypoints(MethodContext method) {
        return List.of(new ProbeEntrypoint(method));
    }

    @Override
    public Optional<DependencyProvider> dependency(ServiceContext service, Parameter parameter) {
        if (parameter.getType() == Journal.class) {
            return Optional.of(new JournalProvider(service));
        }
        if (parameter.getType() == ServiceContext.class) {
            return Optional.of(worker -> service);
        }
        return Optional.empty();
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(KILL_FAILS);
    }

    /** A second shared resource, created only when a dependency sets up (the late-creation path). */
    static final class LateResource implements Extension {
        private final Journal journal;

        LateResource(Journal journal) {
            this.journal = journal;
        }

        @Override
        public void setup() {
            journal.record("late setup");
        }

        @Override
        public void start() {
            journal.record("late start");
        }

        @Override
        public void stop() {
            journal.record("late stop");
        }
    }

    private static final class JournalProvider implements DependencyProvider {
        private final ServiceContext service;
        private final Journal journal;

        JournalProvider(ServiceContext service) {
            this.service = service;
            this.journal = service.shared(Journal.class, Journal::new);
        }

        @Override
        public void setup() {
            journal.record("dependency setup");
            service.shared(LateResource.class, () -> new LateResource(journal));
        }

        @Override
        public void start() {
            journal.record("dependency start");
        }

        @Override
        public void stop() {
            journal.record("dependency stop");
        }

        @Override
        public void kill() {
            journal.record("dependency kill");
        }

        @Override
        public Object acquire(WorkerContext worker) {
            return journal;
        }

        @Override
        public void complete(WorkerContext worker, Object value, Throwable failure) {
            journal.record("settle " + worker.method() + (failure == null ? "" : " after " + failure.getMessage()));
            if (worker.method().startsWith("unsettled")) {
                throw new IllegalStateException("cannot settle " + worker.method());
            }
        }

        @Override
        public void release(WorkerContext worker, Object value, Throwable failure) {
            journal.record("release " + worker.method());
        }
    }

    private static final class ProbeEntrypoint implements Entrypoint {
        private final MethodContext method;
        private final Journal journal;

        ProbeEntrypoint(MethodContext method) {
            this.method = method;
            this.journal = method.service().shared(Journal.class, Journal::new);
        }

        @Override
        public void setup() {
            journal.record("entrypoint setup " + method.name());
        }

        @Override
        public void start() {
            journal.record("entrypoint start " + method.name());
        }

        @Override
        public void stop() {
            journal.record("entrypoint stop " + method.name());
        }

        @Override
        public void kill() {
            journal.record("entrypoint kill " + method.name());
            if (method.config().bool(KILL_FAILS, false)) {
                throw new IllegalStateException("kill failed on purpose");
            }
        }

        @Override
        public String describe() {
            return "probe " + method.name();
        }
    }
}
