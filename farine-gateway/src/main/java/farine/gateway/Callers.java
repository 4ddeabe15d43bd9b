package farine.gateway;

import farine.Config;
import farine.rpc.RpcClients;

/**
 * The gateway's RPC clients: one that sends no service's {@code rpc_token} (for every caller whose token has not
 * {@code private = true}, and in open mode), and, only when some token has {@code private = true}, one that sends
 * each service's own token. A method the registry does not describe is then simply called: without the service's
 * token a private one is refused by the service itself (403), whatever {@code [DEFAULT]} or the service's section says.
 */
final class Callers implements AutoCloseable {

    private final RpcClients open;
    private final RpcClients privileged; // null: no token may reach private methods

    private Callers(RpcClients open, RpcClients privileged) {
        this.open = open;
        this.privileged = privileged;
    }

    static Callers connect(String amqpUri, Config config, boolean anyPrivate) {
        RpcClients open = RpcClients.connect(amqpUri, config.withOverride(RpcRoute.RPC_TOKEN, "",
                "farine gateway: services' tokens go only with callers whose token has private = true"));
        try {
            return new Callers(open, anyPrivate ? RpcClients.connect(amqpUri, config) : null);
        } catch (RuntimeException e) {
            open.close();
            throw e;
        }
    }

    /** The client for a caller: with the services' tokens only for a token that may reach private methods. */
    RpcClients forCaller(TokenRule caller) {
        return caller.privateMethods() && privileged != null ? privileged : open;
    }

    /** Calls waiting for replies, both clients. */
    int pending() {
        return open.pending() + (privileged == null ? 0 : privileged.pending());
    }

    @Override
    public void close() {
        open.close();
        if (privileged != null) {
            privileged.close();
        }
    }
}
