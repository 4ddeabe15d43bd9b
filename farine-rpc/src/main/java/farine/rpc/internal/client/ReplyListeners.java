package farine.rpc.internal.client;

import farine.amqp.spi.AmqpConnection;
import farine.amqp.spi.PerConnection;
import farine.spi.Extension;

/**
 * The container's reply listeners, one per broker connection, created on first use by an
 * {@code @RpcClient}. A shared extension registered after the connectors, so it stops before them.
 */
final class ReplyListeners implements Extension {

    private final PerConnection<ReplyListener> listeners =
            new PerConnection<>(c -> new ReplyListener(c.publishing(), c.describe()), ReplyListener::close);

    ReplyListener of(AmqpConnection connector) {
        return listeners.of(connector);
    }

    @Override
    public void stop() {
        listeners.closeAll();
    }

    @Override
    public void kill() {
        listeners.closeAll();
    }
}
