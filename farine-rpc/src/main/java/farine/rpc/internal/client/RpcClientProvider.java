package farine.rpc.internal.client;

import farine.ConfigSection;
import farine.amqp.spi.AmqpConnection;
import farine.rpc.RpcCaller;
import farine.rpc.RpcClient;
import farine.spi.DependencyProvider;
import farine.spi.ServiceContext;
import farine.spi.WorkerContext;
import java.lang.reflect.Parameter;
import java.time.Duration;

/**
 * Injects an {@code @RpcClient} parameter: a typed proxy or an {@link RpcCaller} of the remote
 * service, built once at start and shared by every worker (it is thread-safe). Connection and
 * timeouts come from the remote service's section (PROTOCOL.md §5).
 */
public final class RpcClientProvider implements DependencyProvider {

    private final ServiceContext service;
    private final String remote;
    private final Class<?> type;
    private final AmqpConnection connector;
    private final ReplyListeners listeners;
    private final Duration timeout;
    private final RemoteSettings settings;
    private volatile Object client;

    public RpcClientProvider(ServiceContext service, Parameter parameter, RpcClient annotation) {
        this.service = service;
        this.remote = annotation.value();
        this.type = parameter.getType();
        ConfigSection section = service.containerConfig().section(remote);
        // connectors first: shared extensions stop in reverse order, so the listeners close before the connections
        this.connector = AmqpConnection.of(service, section);
        this.listeners = service.shared(ReplyListeners.class, ReplyListeners::new);
        this.settings = RemoteSettings.of(section, annotation.timeout() > 0 ? Duration.ofMillis(annotation.timeout()) : null);
        this.timeout = settings.timeout();
        if (type != RpcCaller.class) {
            TypedProxy.plans(type, timeout); // a wrong interface fails the wiring, not the first call
        }
    }

    @Override
    public void start() {
        RemoteService remoteService = settings.remote(listeners.of(connector), remote, service.observer(), service.name());
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
