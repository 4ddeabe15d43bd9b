package farine.internal;

import farine.spi.Suggestions;
import farine.Config;
import farine.ConfigException;
import farine.Container;
import farine.FarineException;
import farine.spi.DependencyProvider;
import farine.spi.Entrypoint;
import farine.spi.Extension;
import farine.spi.ObservedContainer;
import farine.spi.Observer;
import farine.spi.Plugin;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The container: wiring at create, ordered start, ordered graceful stop, kill. */
final class ServiceContainer implements Container, ObservedContainer {

    static final String ENABLED = "enabled";
    static final String SHUTDOWN_TIMEOUT = "shutdown_timeout";
    static final String LOG_LEVEL = "log_level";
    static final String LOG_FORMAT = "log_format"; // read by the launcher (farine-cli's LogFormat)
    static final Set<String> KEYS = Set.of(ENABLED, SHUTDOWN_TIMEOUT, LOG_LEVEL, LOG_FORMAT);
    static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KILL_GRACE = Duration.ofSeconds(2);
    private static final int SET_UP = 1;
    private static final int STARTED = 2;

    private static final Logger LOG = LoggerFactory.getLogger(ServiceContainer.class);

    private enum State { NEW, STARTING, RUNNING, STOPPING, STOPPED }

    private final Config config;
    private final Plugins plugins;
    private final List<ServiceModel> services = new ArrayList<>();
    private final Map<Class<?>, Extension> shared = new LinkedHashMap<>(); // also the lock of sharedPhase
    private int sharedPhase;
    private final List<DependencyProvider> dependencies = new ArrayList<>();
    private final List<Extension> serviceExtensions = new ArrayList<>();
    private final WorkerTracker workers = new WorkerTracker();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Object stateLock = new Object();
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final AtomicBoolean killed = new AtomicBoolean();
    private volatile State state = State.NEW;
    private final Observer observer;

    private ServiceContainer(Config config, Plugins plugins, Observer observer) {
        this.config = config;
        this.plugins = plugins;
        this.observer = observer;
    }

    /** {@code observer} null: the first plugin's, else none. */
    public static ServiceContainer create(Config config, List<Class<?>> classes, Observer observer) {
        ClassLoader loader = classes.isEmpty() ? Thread.currentThread().getContextClassLoader() : classes.get(0).getClassLoader();
        Plugins plugins = Plugins.load(loader);
        ServiceContainer container = new ServiceContainer(config, plugins, observer != null ? observer : plugins.observer(config));
        container.wire(classes);
        container.observer.attach(container);
        return container;
    }

    Observer observer() {
        return observer;
    }

    private void wire(List<Class<?>> classes) {
        if (classes.isEmpty()) {
            throw new ConfigException("no service classes given");
        }
        Map<String, Class<?>> names = new LinkedHashMap<>();
        for (Class<?> type : classes) {
            ServiceModel service = new ServiceModel(this, type);
            Class<?> other = names.putIfAbsent(service.name(), type);
            if (other != null && other != type) {
                throw new ConfigException("two service classes are named '" + service.name() + "' (" + other.getName()
                        + " and " + type.getName() + "); give one of them @Service(\"other-name\")");
            }
            if (other != null) {
                continue;
            }
            if (!service.enabled()) {
                LOG.info("{} is disabled (enabled = false in [{}]); not starting it", service.name(), service.name());
                continue;
            }
            wireService(service);
            services.add(service);
        }
        // read now: a bad value must stop the start (exit 1), not throw from the stop thread at SIGTERM
        shutdownTimeout();
        validateSections();
        warnUnknownKeys();
    }

    private void wireService(ServiceModel service) {
        service.wireConstructor(plugins);
        refuseHiddenEntrypoints(service.type());
        List<Method> methods = Arrays.stream(service.type().getMethods())
                .filter(plugins::isEntrypoint)
                .sorted(Comparator.comparing(Method::getName))
                .toList();
        refuseOverloads(service, methods);
        if (methods.isEmpty()) {
            throw new ConfigException(service.type().getName() + " has no entry point: annotate a public method with one of "
                    + plugins.entrypointAnnotations().stream().map(a -> "@" + a.getSimpleName()).sorted().toList());
        }
        for (Method method : methods) {
            if (Modifier.isStatic(method.getModifiers())) {
                throw new ConfigException(service.type().getName() + "." + method.getName() + " is static; entry points must be instance methods");
            }
            MethodBinding binding = new MethodBinding(service, method, plugins);
            for (Plugin plugin : plugins.entrypointPlugins(method)) {
                binding.entrypoints().addAll(plugin.entrypoints(binding));
            }
            service.methods.add(binding);
        }
        List<farine.spi.MethodContext> methodContexts = List.copyOf(service.methods);
        for (Plugin plugin : plugins.all()) {
            serviceExtensions.addAll(plugin.serviceExtensions(service, methodContexts));
        }
    }

    /** Every key of [DEFAULT], of each service's section and of each section the file names, read as its plugin reads it. */
    private void validateSections() {
        Set<String> sections = new java.util.LinkedHashSet<>();
        sections.add(Config.DEFAULT_SECTION);
        services.forEach(s -> sections.add(s.name()));
        sections.addAll(config.sections());
        for (String name : sections) {
            farine.ConfigSection section = config.section(name);
            plugins.validate(section);
            // per-method keys (tick.interval) as the method's entry point reads them
            section.keys().stream().filter(k -> k.contains(".")).map(k -> k.substring(0, k.lastIndexOf('.'))).distinct()
                    .forEach(method -> plugins.validate(section.scoped(method)));
        }
    }

    private void warnUnknownKeys() {
        Set<String> known = new TreeSet<>(KEYS);
        known.addAll(plugins.configKeys());
        Set<String> warned = new TreeSet<>(); // a [DEFAULT] key is warned about once, not once per service
        for (ServiceModel service : services) {
            for (String key : service.config().keys()) {
                String source = service.config().source(key);
                String plain = key.contains(".") ? key.substring(key.lastIndexOf('.') + 1) : perMethodFromEnv(service, key, source, known);
                if (!known.contains(plain) && warned.add(key + " " + source)) {
                    LOG.warn("[{}] unknown key '{}' ignored (from {}){}", sectionOf(source, service.name()), key, source,
                            Suggestions.closest(plain, known).map(k -> ": did you mean " + k + "?")
                                    .orElse("; farine config lists the keys farine reads"));
                }
            }
        }
        Set<String> names = new TreeSet<>(services());
        for (String section : config.sections()) {
            if (!names.contains(section)) {
                Suggestions.closest(section, names).ifPresent(name -> LOG.warn(
                        "[{}] in {} names no service here: did you mean [{}]? (its keys are ignored)", section, config.origin(), name));
            }
        }
    }

    /**
     * The key a per-method environment override stands for: {@code FARINE_SVC_ECHO_CONCURRENCY} lists as {@code echo_concurrency}
     * (an environment name has no dot), and is read as {@code echo.concurrency} when the method {@code echo} asks for it; so
     * it is known when it is a method's name, {@code _}, and a known key. Anything else is returned as it is.
     */
    private static String perMethodFromEnv(ServiceModel service, String key, String source, Set<String> known) {
        if (!source.startsWith("env ")) {
            return key;
        }
        for (MethodBinding method : service.methods) {
            String prefix = method.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "_") + "_";
            if (key.startsWith(prefix) && known.contains(key.substring(prefix.length()))) {
                return key.substring(prefix.length());
            }
        }
        return key;
    }

    /** An annotated method farine cannot call is a mistake to say at start, not an entry point to drop without a word. */
    private void refuseHiddenEntrypoints(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (!Modifier.isPublic(method.getModifiers()) && plugins.isEntrypoint(method)) {
                    String visibility = Modifier.isPrivate(method.getModifiers()) ? "private"
                            : Modifier.isProtected(method.getModifiers()) ? "protected" : "package-private";
                    throw new ConfigException(c.getName() + "." + method.getName() + " is " + visibility + ": farine calls only"
                            + " public methods, so its " + Arrays.stream(method.getAnnotations()).map(a -> "@" + a.annotationType().getSimpleName())
                                    .filter(a -> plugins.entrypointAnnotations().stream().anyMatch(e -> a.equals("@" + e.getSimpleName())))
                                    .findFirst().orElse("annotation")
                            + " would never run; make it public");
                }
            }
        }
    }

    /**
     * Entry points are named by their method name alone (the RPC queue {@code svc__name}, PROTOCOL.md §1), so
     * overloads would share one queue and the broker would hand each request to either of them.
     */
    private static void refuseOverloads(ServiceModel service, List<Method> methods) {
        Map<String, List<Method>> byName = new LinkedHashMap<>();
        methods.forEach(m -> byName.computeIfAbsent(m.getName(), n -> new ArrayList<>()).add(m));
        byName.forEach((name, same) -> {
            if (same.size() > 1) {
                throw new ConfigException(service.type().getName() + " has " + same.size() + " entry points named " + name + " ("
                        + same.stream().map(m -> name + "(" + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                                .collect(Collectors.joining(", ")) + ")").collect(Collectors.joining(", "))
                        + "): callers reach an entry point by its name alone (RPC queue " + service.name() + "__" + name
                        + "), so overloads cannot be told apart; give each its own name");
            }
        });
    }

    /** The section a key was read from: [DEFAULT] when its source says so (the file's [DEFAULT], FARINE_DEFAULT_*). */
    private static String sectionOf(String source, String service) {
        return source.endsWith("[" + Config.DEFAULT_SECTION + "]") || source.startsWith("env " + IniConfig.ENV_PREFIX + Config.DEFAULT_SECTION + "_")
                ? Config.DEFAULT_SECTION : service;
    }

    WorkerTracker workers() {
        return workers;
    }

    void registerDependency(DependencyProvider provider) {
        if (dependencies.stream().noneMatch(d -> d == provider)) {
            dependencies.add(provider);
        }
    }

    /**
     * A shared resource is brought up to the phase the container has reached: one created by a
     * dependency's {@code setup} is set up at once and started with the other shared resources; one
     * created later (while dependencies start, or while running) is set up and started before it is
     * returned. So a shared resource is always started before the dependency that asked for it, and
     * never started twice.
     */
    <T extends Extension> T shared(Class<T> key, Supplier<T> factory) {
        synchronized (shared) {
            Extension existing = shared.get(key);
            if (existing == null) {
                if (state == State.STOPPING || state == State.STOPPED) {
                    throw new FarineException("container is stopping; cannot create shared " + key.getSimpleName());
                }
                existing = factory.get();
                shared.put(key, existing);
                if (sharedPhase >= SET_UP) {
                    existing.setup();
                }
                if (sharedPhase >= STARTED) {
                    existing.start();
                }
            }
            return key.cast(existing);
        }
    }

    /** Sets the phase and runs the step on every shared resource created so far; later ones catch up in {@link #shared}. */
    private void advanceShared(int phase, Consumer<Extension> step) {
        synchronized (shared) {
            sharedPhase = phase;
            Lifecycle.each(List.copyOf(shared.values()), step);
        }
    }

    boolean running() {
        return state == State.RUNNING;
    }

    private List<Entrypoint> entrypoints() {
        return services.stream().flatMap(s -> s.methods.stream()).flatMap(m -> m.entrypoints().stream()).toList();
    }

    private List<Extension> sharedExtensions() {
        synchronized (shared) {
            return List.copyOf(shared.values());
        }
    }

    @Override
    public void start() {
        lifecycle.lock();
        try {
            synchronized (stateLock) {
                if (state != State.NEW) {
                    throw new IllegalStateException("container already started (state " + state + ")");
                }
                state = State.STARTING;
            }
            try {
                // shared resources before the dependencies that use them, entry points last: nothing fires a
                // worker before every dependency is ready
                // the observer first: its health endpoint answers (not ready) while the rest starts
                observer.setup();
                observer.start();
                advanceShared(SET_UP, Extension::setup);
                Lifecycle.each(dependencies, Extension::setup);
                Lifecycle.each(entrypoints(), Extension::setup);
                Lifecycle.each(serviceExtensions, Extension::setup);
                advanceShared(STARTED, Extension::start);
                Lifecycle.each(dependencies, Extension::start);
                for (ServiceModel service : services) {
                    service.startSingleton();
                }
                synchronized (stateLock) {
                    if (state != State.STARTING) {
                        throw new FarineException("container was killed while starting");
                    }
                    state = State.RUNNING;
                }
                Lifecycle.each(entrypoints(), Extension::start);
                Lifecycle.each(serviceExtensions, Extension::start);
                if (killed.get()) {
                    // killed while entry points started: some may have started after kill() passed them
                    Lifecycle.quietly(entrypoints(), "kill", Extension::kill);
                    throw new FarineException("container was killed while starting");
                }
            } catch (Throwable t) {
                if (!killed.get()) {
                    failure.compareAndSet(null, t);
                }
                kill();
                if (t instanceof FarineException fe) {
                    throw fe;
                }
                throw new FarineException("container failed to start: " + t, t);
            }
        } finally {
            lifecycle.unlock();
        }
        for (String line : describe()) {
            LOG.info("started {}", line);
        }
    }

    /**
     * Holds the lifecycle lock: a stop asked for while the container starts (a signal, a failing loop)
     * waits until the start is over and then stops what was started; a second stop waits for the first.
     */
    @Override
    public void stop() {
        lifecycle.lock();
        try {
            synchronized (stateLock) {
                switch (state) {
                    case NEW -> {
                        state = State.STOPPING;
                        finish();
                        return;
                    }
                    case STOPPING, STOPPED -> {
                        // killed meanwhile (kill does not take the lifecycle lock)
                        awaitStopped();
                        return;
                    }
                    default -> state = State.STOPPING;
                }
            }
            gracefulStop();
        } finally {
            lifecycle.unlock();
        }
    }

    private void gracefulStop() {
        try {
            Duration timeout = shutdownTimeout();
            LOG.info("stopping {}: waiting up to {} ms for {} running worker(s)", services(), timeout.toMillis(), workers.running());
            // service extensions first: an instance says it is leaving before its entry points stop serving
            Lifecycle.quietly(serviceExtensions.reversed(), "stop", Extension::stop);
            Lifecycle.quietly(entrypoints(), "stop", Extension::stop);
            workers.stopAccepting();
            if (!workers.await(timeout)) {
                LOG.warn("{} worker(s) still running after shutdown_timeout {} ms; interrupting them", workers.running(), timeout.toMillis());
                workers.interruptAll();
                if (!workers.await(KILL_GRACE)) {
                    LOG.warn("{} worker(s) ignored the interrupt; stopping dependencies under them", workers.running());
                }
            }
            if (!killed.get()) {
                services.forEach(ServiceModel::releaseSingleton);
                Lifecycle.quietly(dependencies.reversed(), "stop", Extension::stop);
                Lifecycle.quietly(sharedExtensions().reversed(), "stop", Extension::stop);
            }
        } finally {
            finish();
        }
    }

    /** Never throws, never waits for workers; a second call (or a call after stop) does nothing. */
    @Override
    public void kill() {
        synchronized (stateLock) {
            if (state == State.STOPPED || !killed.compareAndSet(false, true)) {
                return;
            }
            state = State.STOPPING;
        }
        try {
            workers.stopAccepting();
            workers.interruptAll();
            Lifecycle.quietly(serviceExtensions.reversed(), "kill", Extension::kill);
            Lifecycle.quietly(entrypoints(), "kill", Extension::kill);
            Lifecycle.quietly(dependencies.reversed(), "kill", Extension::kill);
            Lifecycle.quietly(sharedExtensions().reversed(), "kill", Extension::kill);
        } catch (Throwable t) {
            LOG.warn("kill: {}", t.toString());
        } finally {
            finish();
        }
    }

    private void finish() {
        workers.shutdown();
        Lifecycle.quietly(List.of(observer), killed.get() ? "kill" : "stop", killed.get() ? Extension::kill : Extension::stop);
        synchronized (stateLock) {
            state = State.STOPPED;
        }
        Throwable cause = failure.get();
        if (cause == null) {
            stopped.complete(null);
        } else {
            stopped.completeExceptionally(cause);
        }
    }

    private void awaitStopped() {
        try {
            stopped.get(shutdownTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // a failure is reported through stopped(); waiting is all this is for
        }
    }

    /**
     * A container-managed thread died: log, record, stop from another thread (the caller may be one the
     * stop waits for). A failure reported once the container is stopping is a consequence of the stop
     * (an interrupted loop, a closed connection), not a cause: it is logged only.
     */
    void fail(String what, Throwable cause) {
        synchronized (stateLock) {
            if (state == State.STOPPING || state == State.STOPPED) {
                LOG.warn("{} failed while the container was stopping: {}", what, String.valueOf(cause));
                return;
            }
            failure.compareAndSet(null, new FarineException(what + " failed: " + cause, cause));
        }
        LOG.error("{} failed; stopping the container", what, cause);
        Thread.ofPlatform().name("farine-failure-stop").start(this::stop);
    }

    @Override
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    /** True once a stop or kill began: an interrupted worker is then the stop at work, not a problem to warn about. */
    boolean stopping() {
        return state == State.STOPPING || state == State.STOPPED;
    }

    @Override
    public boolean live() {
        return state != State.STOPPED && failure.get() == null;
    }

    /**
     * Not ready while starting and from the moment a stop begins (before the entry points stop taking work, so a load
     * balancer stops sending it first), and while a shared resource, dependency or entry point says it is not.
     */
    @Override
    public List<String> notReady() {
        State now = state;
        if (now != State.RUNNING) {
            return List.of("container is " + now.name().toLowerCase(java.util.Locale.ROOT));
        }
        List<String> reasons = new ArrayList<>();
        Stream.of(sharedExtensions(), List.copyOf(dependencies), entrypoints()).flatMap(List::stream).forEach(e -> {
            String reason;
            try {
                reason = e.notReady();
            } catch (RuntimeException ex) {
                reason = e + ": " + ex;
            }
            if (reason != null && !reasons.contains(reason)) {
                reasons.add(reason);
            }
        });
        return reasons;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public List<String> services() {
        return services.stream().map(ServiceModel::name).toList();
    }

    @Override
    public List<String> describe() {
        return services.stream().map(ServiceModel::describe).toList();
    }

    @Override
    public Duration shutdownTimeout() {
        return services.stream()
                .map(s -> s.config().duration(SHUTDOWN_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT, ChronoUnit.SECONDS))
                .max(Comparator.naturalOrder()).orElse(DEFAULT_SHUTDOWN_TIMEOUT);
    }

    @Override
    public Object invoke(String service, String method, Object... payload) {
        if (state != State.RUNNING) {
            throw new FarineException("cannot invoke " + service + "." + method + ": the container is " + state.name().toLowerCase(java.util.Locale.ROOT)
                    + " (call start() first)");
        }
        Object[] args = payload == null ? new Object[] {null} : payload;
        MethodBinding binding = services.stream().filter(s -> s.name().equals(service)).findFirst()
                .orElseThrow(() -> new FarineException("no service '" + service + "' in this container; it runs " + services()))
                .methods.stream().filter(m -> m.name().equals(method)).findFirst()
                .orElseThrow(() -> new FarineException("service '" + service + "' has no entry point '" + method + "'"));
        AtomicReference<Object> result = new AtomicReference<>();
        try {
            binding.spawn(binding.worker(null), args, (value, error) -> {
                if (value instanceof Stream<?> s) {
                    try (s) {
                        value = s.toList();
                    }
                }
                result.set(value);
            }).join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof FarineException fe ? fe : new FarineException(service + "." + method + " failed: " + cause, cause);
        }
        return result.get();
    }
}
