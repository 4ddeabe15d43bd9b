package farine.testing;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Unit-test helpers in the spirit of nameko's {@code worker_factory}: a service instance built with its
 * constructor dependencies replaced, so that a test calls its methods directly, with no broker and no
 * container. Method-parameter dependencies need nothing: the test passes what it wants.
 *
 * <pre>{@code
 * Greeting greeting = Workers.create(Greeting.class, (Maths) n -> n * n);   // the Maths proxy replaced
 * assertThat(greeting.squares(3).toList()).containsExactly(1, 4, 9);
 *
 * Orders orders = Workers.create(Orders.class);                            // Publisher becomes a stub
 * orders.place(new Order("o-1"));
 * assertThat(Workers.calls(orders.publisher())).containsExactly(new Workers.Call("send", List.of(new Order("o-1"))));
 * }</pre>
 *
 * <p>A stub is a recording, do-nothing implementation of an interface: every call is recorded (default
 * methods too, without running them) and returns the type's empty value ({@code null}, {@code 0},
 * {@code false}, an empty {@code Optional}, collection or stream, a completed future). Stubs are thread-safe.
 */
public final class Workers {

    private Workers() {
    }

    /** One recorded call of a stub. */
    public record Call(String method, List<Object> args) {
        public Call {
            args = Collections.unmodifiableList(new ArrayList<>(args)); // nulls allowed
        }
    }

    /**
     * A new instance of {@code service} through its one public constructor. Each constructor parameter
     * takes the first unused given dependency assignable to its type; an interface-typed parameter with
     * none becomes a {@link #stub}.
     *
     * @throws IllegalArgumentException when a parameter that is not an interface has no dependency, or a
     *     given dependency fits no parameter (the message names them)
     */
    public static <T> T create(Class<T> service, Object... dependencies) {
        Constructor<?>[] constructors = service.getConstructors();
        if (constructors.length != 1) {
            throw new IllegalArgumentException(service.getName() + " must have exactly one public constructor (it has "
                    + constructors.length + "), as for the container");
        }
        Constructor<?> constructor = constructors[0];
        List<Object> unused = new ArrayList<>(Arrays.asList(dependencies));
        Parameter[] parameters = constructor.getParameters();
        Object[] args = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Parameter parameter = parameters[i];
            Class<?> type = wrap(parameter.getType());
            Optional<Object> given = unused.stream().filter(type::isInstance).findFirst();
            if (given.isPresent()) {
                args[i] = given.get();
                unused.remove(given.get());
            } else if (parameter.getType().isInterface()) {
                args[i] = stub(parameter.getType());
            } else {
                throw new IllegalArgumentException("constructor parameter '" + parameter.getName() + "' ("
                        + parameter.getParameterizedType().getTypeName() + ") of " + service.getName()
                        + " needs a value: pass one to Workers.create (only interfaces are stubbed)");
            }
        }
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("no constructor parameter of " + service.getName() + " takes "
                    + unused.stream().map(d -> d == null ? "null" : d.getClass().getName()).toList() + "; parameters are "
                    + Arrays.stream(parameters).map(p -> p.getParameterizedType().getTypeName() + " " + p.getName()).toList());
        }
        try {
            return service.cast(constructor.newInstance(args));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(service.getName() + "'s constructor threw " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + service.getName() + ": " + e, e);
        }
    }

    /** A recording, do-nothing implementation of {@code type} (an interface). */
    public static <T> T stub(Class<T> type) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface; only interfaces can be stubbed");
        }
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new Recorder(type)));
    }

    /** The calls a stub has received so far, in order. */
    public static List<Call> calls(Object stub) {
        return recorder(stub).snapshot();
    }

    /** The calls of one method of a stub. */
    public static List<Call> calls(Object stub, String method) {
        return calls(stub).stream().filter(c -> c.method().equals(method)).toList();
    }

    private static Recorder recorder(Object stub) {
        if (stub != null && Proxy.isProxyClass(stub.getClass()) && Proxy.getInvocationHandler(stub) instanceof Recorder r) {
            return r;
        }
        throw new IllegalArgumentException(stub + " is not a stub made by Workers");
    }

    private static Class<?> wrap(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return switch (type.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "boolean" -> Boolean.class;
            case "double" -> Double.class;
            case "float" -> Float.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            case "char" -> Character.class;
            default -> Void.class;
        };
    }

    private static final class Recorder implements InvocationHandler {

        private final Class<?> type;
        private final List<Call> calls = new ArrayList<>();

        Recorder(Class<?> type) {
            this.type = type;
        }

        synchronized List<Call> snapshot() {
            return List.copyOf(calls);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "stub " + type.getSimpleName();
                };
            }
            synchronized (this) {
                calls.add(new Call(method.getName(), args == null ? List.of() : Arrays.asList(args)));
            }
            return empty(method.getReturnType());
        }

        private static Object empty(Class<?> type) {
            if (type.isPrimitive()) {
                return switch (type.getName()) {
                    case "boolean" -> false;
                    case "char" -> '\0';
                    case "byte" -> (byte) 0;
                    case "short" -> (short) 0;
                    case "int" -> 0;
                    case "long" -> 0L;
                    case "float" -> 0f;
                    case "double" -> 0d;
                    default -> null; // void
                };
            }
            if (type == Optional.class) {
                return Optional.empty();
            }
            if (type == List.class || type == java.util.Collection.class || type == Iterable.class) {
                return List.of();
            }
            if (type == Set.class) {
                return Set.of();
            }
            if (type == Map.class) {
                return Map.of();
            }
            if (type == Stream.class) {
                return Stream.empty();
            }
            if (type == CompletableFuture.class || type == java.util.concurrent.CompletionStage.class
                    || type == java.util.concurrent.Future.class) {
                return CompletableFuture.completedFuture(null);
            }
            return null;
        }
    }
}
