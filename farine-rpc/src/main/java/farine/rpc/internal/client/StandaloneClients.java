package farine.rpc.internal.client;

import farine.Config;
import farine.ConfigException;
import farine.ConfigSection;
import farine.amqp.spi.AmqpConnection;
import farine.amqp.spi.AmqpSettings;
import farine.rpc.RpcCallbacks;
import farine.rpc.RpcCaller;
import farine.rpc.RpcClients;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** {@link RpcClients} outside a container: its own connection with automatic recovery, one reply listener. */
final class StandaloneClients implements RpcClients {

    /** A standalone client gives up connecting after this long instead of retrying forever as a service does. */
    static final String CONNECT_TIMEOUT = "10s";

    private final AmqpConnection connector;
    private final ReplyListener listener;
    private final RpcCallbacks callbacks; // null: each service section's rpc_callbacks
    private final Config config;
    private final Map<String, Remote> services = new ConcurrentHashMap<>();

    private StandaloneClients(AmqpConnection connector, RpcCallbacks callbacks, Config config) {
        this.connector = connector;
        this.callbacks = callbacks;
        this.config = config;
        this.listener = new ReplyListener(connector.publishing(), connector.describe());
    }

    /** Connects under the rules a service's connection follows (vhost "/" for a bare slash, TLS verified, recovery). */
    static RpcClients connect(String amqpUri, RpcCallbacks callbacks) {
        return connect(amqpUri, callbacks, Config.empty());
    }

    /**
     * As {@link #connect(String, RpcCallbacks)}; how each remote service is called (rpc_timeout, type, delivery_mode, rpc_token,
     * and rpc_callbacks where {@code callbacks} is null) comes from its section of {@code config}.
     */
    static RpcClients connect(String amqpUri, RpcCallbacks callbacks, Config config) {
        Objects.requireNonNull(config, "config");
        if (amqpUri == null || amqpUri.isBlank()) {
            throw new ConfigException("amqp_uri is empty: give the broker's amqp:// or amqps:// URI");
        }
        ConfigSection section = Config.of(Map.of("rpc-client", Map.of(AmqpSettings.AMQP_URI, amqpUri,
                AmqpSettings.CONNECT_TIMEOUT, CONNECT_TIMEOUT))).section("rpc-client");
        AmqpConnection connector = AmqpConnection.standalone(section);
        try {
            return new StandaloneClients(connector, callbacks, config);
        } catch (RuntimeException e) {
            connector.close(true);
            throw e;
        }
    }

    /** A remote service as section {@code [service]} of the config describes it (type, delivery_mode, rpc_token, ...), and its rpc_timeout. */
    private record Remote(RemoteService service, Duration timeout) {
    }

    private Remote remote(String service) {
        return services.computeIfAbsent(service, s -> {
            ConfigSection section = config.section(s);
            RemoteSettings read = RemoteSettings.of(section, null);
            // without rpc_stream_idle_timeout, a stream's items wait as long as the call's own timeout (the one given to proxy)
            RemoteSettings settings = new RemoteSettings(read.timeout(),
                    section.keys().contains(RemoteSettings.RPC_STREAM_IDLE_TIMEOUT) ? read.idleTimeout() : null, read.exchangeType(),
                    read.deliveryMode(), callbacks == null ? read.callbacks() : callbacks, read.token());
            return new Remote(settings.remote(listener, s, farine.spi.Observer.NONE, null), settings.timeout());
        });
    }

    /** A typed proxy whose calls have the service section's {@code rpc_timeout} (30 s when unset) as total deadline. */
    @Override
    public <T> T proxy(String service, Class<T> type) {
        return proxy(service, type, remote(service).timeout());
    }

    @Override
    public <T> T proxy(String service, Class<T> type, Duration timeout) {
        return TypedProxy.create(remote(service).service(), type, timeout);
    }

    /** A dynamic caller whose calls have the service section's {@code rpc_timeout} (30 s when unset) as total deadline. */
    @Override
    public RpcCaller caller(String service) {
        Remote remote = remote(service);
        return new ServiceProxy(remote.service(), remote.timeout());
    }

    @Override
    public int pending() {
        return listener.pending();
    }

    @Override
    public String replyQueue() {
        return listener.queue();
    }

    @Override
    public void close() {
        listener.close();
        connector.close(false);
    }

    @Override
    public String toString() {
        return "RpcClients[" + listener.broker() + ", reply queue " + listener.queue() + "]";
    }
}
