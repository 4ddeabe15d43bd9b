package farine.rpc.internal;

import farine.amqp.spi.JsonBudget;
import farine.amqp.spi.MessageSizeLimit;
import farine.rpc.RpcClient;
import farine.rpc.RpcMethod;
import farine.rpc.internal.client.RemoteSettings;
import farine.rpc.internal.client.RpcClientProvider;
import farine.rpc.internal.server.PingResponder;
import farine.rpc.internal.server.ReplySender;
import farine.rpc.internal.server.RpcEntrypoint;
import farine.rpc.internal.server.RpcSettings;
import farine.rpc.internal.wire.RpcToken;
import farine.rpc.internal.wire.WireSettings;
import farine.spi.DependencyProvider;
import farine.spi.Entrypoint;
import farine.spi.Extension;
import farine.spi.MethodContext;
import farine.spi.Plugin;
import farine.spi.ServiceContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** farine-rpc: {@code @RpcMethod} entry points and {@code @RpcClient} dependencies. */
public final class RpcPlugin implements Plugin {

    @Override
    public Set<Class<? extends Annotation>> entrypointAnnotations() {
        return Set.of(RpcMethod.class);
    }

    @Override
    public List<Entrypoint> entrypoints(MethodContext method) {
        return List.of(new RpcEntrypoint(method, method.method().getAnnotation(RpcMethod.class)));
    }

    @Override
    public Optional<DependencyProvider> dependency(ServiceContext service, Parameter parameter) {
        RpcClient annotation = parameter.getAnnotation(RpcClient.class);
        return annotation == null ? Optional.empty() : Optional.of(new RpcClientProvider(service, parameter, annotation));
    }

    /** Every service with RPC methods answers {@link farine.rpc.RpcClients#PING_METHOD}. */
    @Override
    public List<Extension> serviceExtensions(ServiceContext service, List<MethodContext> methods) {
        boolean rpc = methods.stream().anyMatch(m -> m.method().isAnnotationPresent(RpcMethod.class));
        return rpc ? List.of(new PingResponder(service)) : List.of();
    }

    @Override
    public void validate(farine.ConfigSection section) {
        RpcSettings.prefetch(section, section.name(), RpcSettings.concurrency(section, section.name(), ""));
        RpcSettings.errorDetail(section);
        ReplySender.replyConfirms(section);
        RemoteSettings.of(section, null); // rpc_timeout, rpc_stream_idle_timeout, type, delivery_mode, rpc_callbacks
        MessageSizeLimit.from(section);
        RpcSettings.maxReplySize(section);
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(RpcSettings.CONCURRENCY, RpcSettings.PREFETCH, WireSettings.EXCHANGE_TYPE, RpcSettings.RPC_ERROR_DETAIL,
                RemoteSettings.RPC_TIMEOUT, RemoteSettings.RPC_STREAM_IDLE_TIMEOUT, RemoteSettings.RPC_CALLBACKS,
                WireSettings.DELIVERY_MODE, ReplySender.REPLY_CONFIRM, MessageSizeLimit.MAX_MESSAGE_SIZE,
                RpcSettings.MAX_REPLY_SIZE, RpcToken.RPC_TOKEN, RpcToken.RPC_PRIVATE, JsonBudget.MAX_JSON_TOKENS);
    }
}
