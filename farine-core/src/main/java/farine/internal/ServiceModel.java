package farine.internal;

import farine.Config;
import farine.ConfigException;
import farine.ConfigSection;
import farine.Service;
import farine.ServiceName;
import farine.spi.DependencyProvider;
import farine.spi.Extension;
import farine.spi.ServiceContext;
import farine.spi.WorkerContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/** One service class inside a container: its name, config, constructor wiring and methods. */
final class ServiceModel implements ServiceContext {

    private final ServiceContainer container;
    private final Class<?> type;
    private final String name;
    private final ConfigSection config;
    private final boolean singleton;
    private Constructor<?> constructor;
    private DependencyProvider[] constructorProviders;
    final List<MethodBinding> methods = new ArrayList<>();
    private volatile Object singletonInstance;
    private List<Acquired> singletonDependencies = List.of();

    ServiceModel(ServiceContainer container, Class<?> type) {
        this.container = container;
        this.type = type;
        this.name = ServiceName.of(type);
        this.config = container.config().section(name);
        Service annotation = type.getAnnotation(Service.class);
        this.singleton = annotation != null && annotation.singleton();
    }

    @Override
    public farine.spi.Observer observer() {
        return container.observer();
    }

    void wireConstructor(Plugins plugins) {
        if (!Modifier.isPublic(type.getModifiers()) || type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new ConfigException(type.getName() + " cannot be a service: it must be a public, concrete class");
        }
        Constructor<?>[] constructors = type.getConstructors();
        if (constructors.length != 1) {
            throw new ConfigException(type.getName() + " must have exactly one public constructor (it has "
                    + constructors.length + ") so that farine knows what to inject");
        }
        constructor = constructors[0];
        Parameter[] parameters = constructor.getParameters();
        constructorProviders = new DependencyProvider[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Parameter p = parameters[i];
            constructorProviders[i] = plugins.dependency(this, p).orElseThrow(() -> new ConfigException(
                    "cannot inject constructor parameter '" + p.getName() + "' (" + p.getParameterizedType().getTypeName()
                            + ") of " + type.getName() + ": no farine module provides it"
                            + " (is farine-rpc / farine-amqp / farine-db on the classpath, is the annotation right?)"));
            container.registerDependency(constructorProviders[i]);
        }
    }

    /** A fresh instance per worker, or the singleton; constructor dependencies go into {@code acquired}. */
    Object instance(WorkerContext worker, List<Acquired> acquired) throws Exception {
        if (singleton) {
            return singletonInstance;
        }
        return construct(worker, acquired);
    }

    private Object construct(WorkerContext worker, List<Acquired> acquired) throws Exception {
        Object[] args = new Object[constructorProviders.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = constructorProviders[i].acquire(worker);
            acquired.add(new Acquired(constructorProviders[i], args[i]));
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    void startSingleton() throws Exception {
        if (singleton) {
            List<Acquired> acquired = new ArrayList<>();
            singletonInstance = construct(WorkerContext.of(name, "<init>", null), acquired);
            singletonDependencies = acquired;
        }
    }

    void releaseSingleton() {
        Acquired.releaseAll(singletonDependencies, WorkerContext.of(name, "<init>", null), null);
        singletonDependencies = List.of();
    }

    boolean enabled() {
        return config.bool(ServiceContainer.ENABLED, true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Class<?> type() {
        return type;
    }

    @Override
    public ConfigSection config() {
        return config;
    }

    @Override
    public Config containerConfig() {
        return container.config();
    }

    @Override
    public <T extends Extension> T shared(Class<T> key, Supplier<T> factory) {
        return container.shared(key, factory);
    }

    @Override
    public void fail(String what, Throwable cause) {
        container.fail(name + ": " + what, cause);
    }

    @Override
    public boolean running() {
        return container.running();
    }

    ServiceContainer container() {
        return container;
    }

    String describe() {
        return name + ": " + String.join(", ", methods.stream().flatMap(m -> m.entrypoints().stream())
                .map(e -> e.describe()).toList());
    }

    @Override
    public String toString() {
        return name + " (" + type.getName() + ")" + (singleton ? " singleton" : "") + " " + Arrays.toString(methods.toArray());
    }
}
