package farine.rpc.internal;

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
public final class StandaloneClients implements RpcClients {

    /** A standalone client gives up connecting after this long instead of retrying forever as a service does. */
    static final String CONNECT_TIMEOUT = "10s";

    private final AmqpConnection connector;
    private final ReplyListener listener;
    private final RpcCallbacks callbacks;
    private final Config config;
    private final Map<String, RemoteService> services = new ConcurrentHashMap<>();

    private StandaloneClients(AmqpConnection connector, RpcCallbacks callbacks, Config config) {
        this.connector = connector;
        this.callbacks = callbacks;
        this.config = config;
        this.listener = new ReplyListener(connector.publishing(), connector.describe());
    }

    /** Connects under the rules a service's connection follows (vhost "/" for a bare slash, TLS verified, recovery). */
    public static RpcClients connect(String amqpUri, RpcCallbacks callbacks) {
        return connect(amqpUri, callbacks, Config.empty());
    }

    /** As {@link #connect(String, RpcCallbacks)}; each remote service's {@code rpc_token} comes from its section of {@code config}. */
    public static RpcClients connect(String amqpUri, RpcCallbacks callbacks, Config config) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(callbacks, "callbacks");
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

    private RemoteService remote(String service) {
        return services.computeIfAbsent(service, s -> new RemoteService(listener, s, "direct", null, ReplySender.TRANSIENT, callbacks,
                RpcToken.of(config.section(s)), farine.spi.Observer.NONE, null));
    }

    @Override
    public <T> T proxy(String service, Class<T> type, Duration timeout) {
        return TypedProxy.create(remote(service), type, timeout);
    }

    @Override
    public RpcCaller caller(String service) {
        return new ServiceProxy(remote(service), DEFAULT_TIMEOUT);
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
