package farine.registry.internal;

import farine.registry.MethodDescription;
import farine.registry.MethodDescription.ParameterDescription;
import farine.spi.EntrypointInfo;
import farine.spi.MethodContext;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

/** The registry's view of an RPC method: parameter and result schemas, streaming, private. */
final class MethodDescriber {

    private final Schemas schemas = new Schemas();

    MethodDescription describe(MethodContext method, EntrypointInfo rpc) {
        List<ParameterDescription> parameters = method.payloadParameters().stream()
                .map(p -> new ParameterDescription(p.getName(), schemas.of(p.getParameterizedType())))
                .toList();
        Type result = method.method().getGenericReturnType();
        if (isA(result, CompletableFuture.class)) {
            result = argument(result); // farine-rpc replies with what the future completes with
        }
        Type item = streamedItem(result);
        boolean streaming = item != null;
        Type described = streaming ? item : result;
        return new MethodDescription(rpc.name(), parameters, described == void.class || described == Void.class ? null : schemas.of(described),
                streaming, rpc.privateMethod());
    }

    /** The item type of a streamed result (what farine-rpc's ReplyWriter streams), or null. */
    private static Type streamedItem(Type type) {
        for (Class<?> streamed : List.of(Stream.class, Iterator.class, Flow.Publisher.class)) {
            if (isA(type, streamed)) {
                return argument(type);
            }
        }
        return null;
    }

    private static boolean isA(Type type, Class<?> raw) {
        Class<?> c = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : type instanceof Class<?> k ? k : null;
        return c != null && raw.isAssignableFrom(c);
    }

    private static Type argument(Type type) {
        return type instanceof ParameterizedType p && p.getActualTypeArguments().length == 1 ? p.getActualTypeArguments()[0] : Object.class;
    }
}
