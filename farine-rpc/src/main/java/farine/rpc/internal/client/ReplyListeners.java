package farine.rpc.internal.client;

import farine.amqp.spi.AmqpConnection;
import farine.spi.Extension;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The container's reply listeners, one per broker connection, created on first use by an
 * {@code @RpcClient}. A shared extension registered after the connectors, so it stops before them.
 */
final class ReplyListeners implements Extension {

    private final Map<AmqpConnection, ReplyListener> listeners = new IdentityHashMap<>();

    synchronized ReplyListener of(AmqpConnection connector) {
        return listeners.computeIfAbsent(connector,
                c -> new ReplyListener(c.publishing(), c.describe()));
    }

    @Override
    public void stop() {
        closeAll();
    }

    @Override
    public void kill() {
        closeAll();
    }

    private void closeAll() {
        List<ReplyListener> all;
        synchronized (this) {
            all = List.copyOf(listeners.values());
            listeners.clear();
        }
        all.forEach(ReplyListener::close);
    }
}
