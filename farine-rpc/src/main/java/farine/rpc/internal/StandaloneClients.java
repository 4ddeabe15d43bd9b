package farine.rpc.internal;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import farine.Config;
import farine.ConfigException;
import farine.FarineException;
import farine.rpc.RpcCaller;
import farine.rpc.RpcClients;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link RpcClients} outside a container: its own connection pair with automatic recovery, one reply listener. */
public final class StandaloneClients implements RpcClients {

    private final Connection consuming;
    private final Connection publishing;
    private final ReplyListener listener;
    private final Map<String, RemoteService> services = new ConcurrentHashMap<>();

    private StandaloneClients(Connection consuming, Connection publishing, String broker) {
        this.consuming = consuming;
        this.publishing = publishing;
        this.listener = new ReplyListener(consuming, publishing, broker);
    }

    public static RpcClients connect(String amqpUri) {
        String shown = Config.masked("amqp_uri", amqpUri);
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(amqpUri);
        } catch (Exception e) {
            throw new ConfigException("amqp_uri \"" + shown + "\" is not a valid amqp:// or amqps:// URI: " + e.getMessage(), e);
        }
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1000);
        Connection consuming = null;
        try {
            consuming = factory.newConnection("farine-rpc-client-consume");
            Connection publishing = factory.newConnection("farine-rpc-client-publish");
            return new StandaloneClients(consuming, publishing, shown);
        } catch (Exception e) {
            if (consuming != null) {
                consuming.abort();
            }
            throw new FarineException("cannot connect to " + shown + ": " + e, e);
        }
    }

    private RemoteService remote(String service) {
        return services.computeIfAbsent(service, s -> new RemoteService(listener, s, "direct", null, ReplySender.PERSISTENT));
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
        for (Connection connection : new Connection[] {consuming, publishing}) {
            try {
                connection.close(5000);
            } catch (Exception e) {
                // closing; nothing to tell
            }
        }
    }

    @Override
    public String toString() {
        return "RpcClients[" + listener.broker() + ", reply queue " + listener.queue() + "]";
    }
}
