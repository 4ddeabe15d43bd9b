package farine.rpc.internal;

import farine.ConfigException;
import farine.ConfigSection;
import farine.amqp.spi.AmqpConnection;
import farine.rpc.RpcCallbacks;
import farine.rpc.RpcCaller;
import farine.rpc.RpcClient;
import farine.spi.DependencyProvider;
import farine.spi.ServiceContext;
import farine.spi.WorkerContext;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Injects an {@code @RpcClient} parameter: a typed proxy or an {@link RpcCaller} of the remote
 * service, built once at start and shared by every worker (it is thread-safe). Connection and
 * timeouts come from the remote service's section (PROTOCOL.md §5).
 */
final class RpcClientProvider implements DependencyProvider {

    static final String RPC_TIMEOUT = "rpc_timeout";
    static final String RPC_STREAM_IDLE_TIMEOUT = "rpc_stream_idle_timeout";
    static final String RPC_CALLBACKS = "rpc_callbacks";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final ServiceContext service;
    private final String remote;
    private final Class<?> type;
    private final AmqpConnection connector;
    private final ReplyListeners listeners;
    private final Duration timeout;
    private final Duration idleTimeout;
    private final String exchangeType;
    private final int deliveryMode;
    private final RpcCallbacks callbacks;
    private final String token;
    private volatile Object client;

    RpcClientProvider(ServiceContext service, Parameter parameter, RpcClient annotation) {
        this.service = service;
        this.remote = annotation.value();
        this.type = parameter.getType();
        ConfigSection section = service.containerConfig().section(remote);
        // connectors first: shared extensions stop in reverse order, so the listeners close before the connections
        this.connector = AmqpConnection.of(service, section);
        this.listeners = service.shared(ReplyListeners.class, ReplyListeners::new);
        this.timeout = annotation.timeout() > 0 ? Duration.ofMillis(annotation.timeout())
                : section.duration(RPC_TIMEOUT, DEFAULT_TIMEOUT, ChronoUnit.SECONDS);
        this.idleTimeout = section.duration(RPC_STREAM_IDLE_TIMEOUT, timeout, ChronoUnit.SECONDS);
        positive(section, RPC_TIMEOUT, timeout);
        positive(section, RPC_STREAM_IDLE_TIMEOUT, idleTimeout);
        this.exchangeType = section.string(RpcEntrypoint.EXCHANGE_TYPE, "direct");
        this.deliveryMode = ReplySender.deliveryMode(section);
        this.callbacks = callbacks(section);
        this.token = RpcToken.of(section);
        if (type != RpcCaller.class) {
            TypedProxy.plans(type, timeout); // a wrong interface fails the wiring, not the first call
        }
    }

    private static void positive(ConfigSection section, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new ConfigException("[" + section.name() + "] " + key + " = " + section.string(key, "")
                    + ": must be a positive duration such as 30s or 500ms");
        }
    }

    /** INI {@code rpc_callbacks}: an {@link RpcCallbacks} name in any case, {@code virtual_thread} when unset. */
    static RpcCallbacks callbacks(ConfigSection section) {
        String value = section.string(RPC_CALLBACKS, "").strip();
        if (value.isEmpty()) {
            return RpcCallbacks.VIRTUAL_THREAD;
        }
        try {
            return RpcCallbacks.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("[" + section.name() + "] " + RPC_CALLBACKS + " = " + value + ": must be "
                    + Arrays.stream(RpcCallbacks.values()).map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(" or "))
                    + " (default " + RpcCallbacks.VIRTUAL_THREAD.name().toLowerCase(Locale.ROOT) + ")", e);
        }
    }

    @Override
    public void start() {
        RemoteService remoteService = new RemoteService(listeners.of(connector), remote, exchangeType, idleTimeout, deliveryMode, callbacks, token,
                service.observer(), service.name());
        client = type == RpcCaller.class ? new ServiceProxy(remoteService, timeout) : TypedProxy.create(remoteService, type, timeout);
    }

    @Override
    public Object acquire(WorkerContext worker) {
        Object c = client;
        if (c == null) {
            throw new IllegalStateException("@RpcClient(\"" + remote + "\") of " + service.name() + " used before the container started");
        }
        return c;
    }
}
