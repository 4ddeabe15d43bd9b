package farine.rpc.internal.client;

import farine.ConfigException;
import farine.rpc.RpcMethod;
import farine.rpc.internal.wire.RpcJson;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import tools.jackson.databind.JavaType;

/**
 * A typed client: each abstract method of a plain interface calls the remote method of the same name
 * (or its {@code @RpcMethod} name); the method's generic return type decides how (see
 * {@link farine.rpc.RpcClient}). Everything is worked out once, when the proxy is built.
 */
final class TypedProxy implements InvocationHandler {

    enum Kind { VALUE, VOID, FUTURE, STREAM, ITERATOR }

    record Plan(String remoteName, Kind kind, JavaType type, Duration timeout) {
    }

    private final RemoteService remote;
    private final Class<?> type;
    private final Map<Method, Plan> plans;

    private TypedProxy(RemoteService remote, Class<?> type, Map<Method, Plan> plans) {
        this.remote = remote;
        this.type = type;
        this.plans = plans;
    }

    static <T> T create(RemoteService remote, Class<T> type, Duration timeout) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new TypedProxy(remote, type, plans(type, timeout))));
    }

    /** Validates the interface and plans each method; a wrong interface is a {@link ConfigException} at wiring time. */
    static Map<Method, Plan> plans(Class<?> type, Duration timeout) {
        if (!type.isInterface()) {
            throw new ConfigException(type.getName() + " cannot be an RPC client: it must be an interface (or farine.rpc.RpcCaller)");
        }
        Map<Method, Plan> plans = new HashMap<>();
        for (Method method : type.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            RpcMethod annotation = method.getAnnotation(RpcMethod.class);
            String name = annotation == null || annotation.value().isBlank() ? method.getName() : annotation.value();
            Duration own = annotation == null || annotation.timeout() <= 0 ? timeout : Duration.ofMillis(annotation.timeout());
            plans.put(method, plan(type, method, name, own));
        }
        return Map.copyOf(plans);
    }

    private static Plan plan(Class<?> type, Method method, String name, Duration timeout) {
        Class<?> raw = method.getReturnType();
        Type generic = method.getGenericReturnType();
        if (raw == void.class || raw == Void.class) {
            return new Plan(name, Kind.VOID, RpcJson.MAPPER.constructType(Object.class), timeout);
        }
        Kind kind = raw == CompletableFuture.class ? Kind.FUTURE
                : raw == Stream.class ? Kind.STREAM
                : raw == Iterator.class ? Kind.ITERATOR
                : Kind.VALUE;
        if (kind == Kind.VALUE) {
            return new Plan(name, kind, RpcJson.MAPPER.constructType(generic), timeout);
        }
        if (!(generic instanceof ParameterizedType parameterized)) {
            throw new ConfigException(type.getName() + "." + method.getName() + " returns a raw " + raw.getSimpleName()
                    + "; say what it holds, e.g. " + raw.getSimpleName() + "<String>");
        }
        return new Plan(name, kind, RpcJson.MAPPER.constructType(parameterized.getActualTypeArguments()[0]), timeout);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Plan plan = plans.get(method);
        if (plan == null) {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            return switch (method.getName()) {
                case "toString" -> "RpcClient[" + remote.service() + ", " + type.getName() + "]";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.toString());
            };
        }
        return switch (plan.kind()) {
            case VALUE -> remote.call(plan.remoteName(), args, plan.type(), plan.timeout());
            case VOID -> {
                remote.call(plan.remoteName(), args, plan.type(), plan.timeout());
                yield null;
            }
            case FUTURE -> remote.callAsync(plan.remoteName(), args, plan.type(), plan.timeout());
            case STREAM -> remote.stream(plan.remoteName(), args, plan.type(), plan.timeout());
            case ITERATOR -> new ClosingIterator(remote.stream(plan.remoteName(), args, plan.type(), plan.timeout()));
        };
    }

    /** A typed client's {@code Iterator}: also {@link AutoCloseable}; closing it closes its stream, which cancels the call. */
    static final class ClosingIterator implements Iterator<Object>, AutoCloseable {
        private final Stream<Object> stream;
        private final Iterator<Object> items;

        ClosingIterator(Stream<Object> stream) {
            this.stream = stream;
            this.items = stream.iterator();
        }

        @Override
        public boolean hasNext() {
            return items.hasNext();
        }

        @Override
        public Object next() {
            return items.next();
        }

        @Override
        public void close() {
            stream.close();
        }
    }
}
