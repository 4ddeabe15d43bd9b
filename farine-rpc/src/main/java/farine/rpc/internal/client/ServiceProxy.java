package farine.rpc.internal.client;

import farine.rpc.RpcCaller;
import farine.rpc.internal.wire.RpcJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import tools.jackson.databind.JavaType;

/** The dynamic client: {@link RpcCaller} over one {@link RemoteService}. */
final class ServiceProxy implements RpcCaller {

    private static final JavaType ANY = RpcJson.MAPPER.constructType(Object.class);

    private final RemoteService remote;
    private final Duration timeout;

    ServiceProxy(RemoteService remote, Duration timeout) {
        this.remote = remote;
        this.timeout = timeout;
    }

    @Override
    public String service() {
        return remote.service();
    }

    @Override
    public Object call(String method, Object... args) {
        return remote.call(method, args, ANY, timeout);
    }

    @Override
    @SuppressWarnings("unchecked") // the mapper made a T (boxed when T is primitive, where Class.cast would fail)
    public <T> T call(Class<T> type, String method, Object... args) {
        return (T) remote.call(method, args, RpcJson.MAPPER.constructType(type), timeout);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T call(Class<T> type, String method, List<?> args, Map<String, ?> kwargs) {
        return (T) remote.call(method, args.toArray(), kwargs, RpcJson.MAPPER.constructType(type), timeout);
    }

    @Override
    public byte[] callJson(String method, byte[] args, byte[] kwargs) {
        return remote.callJson(method, args, kwargs, timeout);
    }

    @Override
    public Stream<Object> stream(String method, Object... args) {
        return remote.stream(method, args, ANY, timeout);
    }

    @Override
    public CompletableFuture<Object> callAsync(String method, Object... args) {
        return remote.callAsync(method, args, ANY, timeout);
    }

    @Override
    public RpcCaller withTimeout(Duration other) {
        if (other.isNegative() || other.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + other);
        }
        return new ServiceProxy(remote, other);
    }

    @Override
    public String toString() {
        return "RpcCaller[" + remote.service() + ", timeout " + timeout.toMillis() + " ms]";
    }
}
