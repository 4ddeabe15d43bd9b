package farine.rpc.internal.client;

import farine.Config;
import farine.rpc.RpcCallbacks;
import farine.rpc.RpcClients;

/** farine-rpc's {@link RpcClients.Connector}; public for {@link java.util.ServiceLoader} only. */
public final class ClientsConnector implements RpcClients.Connector {

    @Override
    public RpcClients connect(String amqpUri, RpcCallbacks callbacks, Config config) {
        return StandaloneClients.connect(amqpUri, callbacks, config);
    }
}
