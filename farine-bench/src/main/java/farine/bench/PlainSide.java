package farine.bench;

import com.rabbitmq.client.Connection;

/**
 * The plain tutorial RPC ({@link PlainRpc}) as a side of the RPC rows only (sequential and pipelined): the
 * baseline a user compares farine with. Like the others, it consumes on one connection and publishes on another.
 */
final class PlainSide implements BenchSide {

    private final Connection consuming;
    private final Connection publishing;
    private final PlainRpc.Server server;
    private final PlainRpc.Client client;

    PlainSide(Broker broker, Wire wire, int serverPrefetch) {
        this.consuming = broker.connect("plain consuming");
        this.publishing = broker.connect("plain publishing");
        String queue = broker.unique("plainrpc");
        this.server = new PlainRpc.Server(broker, consuming, queue, wire.mapper(), serverPrefetch);
        this.client = new PlainRpc.Client(publishing, queue, wire.mapper());
    }

    @Override
    public Side side() {
        return Side.PLAIN;
    }

    @Override
    public RpcCaller rpc() {
        return client;
    }

    @Override
    public Topology consumeTopology(ConsumeVariant variant) {
        throw new UnsupportedOperationException("the plain side runs the RPC rows only");
    }

    @Override
    public AutoCloseable consume(ConsumeVariant variant, Probe probe) {
        throw new UnsupportedOperationException("the plain side runs the RPC rows only");
    }

    @Override
    public Topology publishTopology() {
        throw new UnsupportedOperationException("the plain side runs the RPC rows only");
    }

    @Override
    public AsyncPublisher publisher() {
        throw new UnsupportedOperationException("the plain side runs the RPC rows only");
    }

    @Override
    public AsyncPublisher fireAndForget() {
        throw new UnsupportedOperationException("the plain side runs the RPC rows only");
    }

    @Override
    public void close() {
        client.close();
        server.close();
        consuming.abort(2000);
        publishing.abort(2000);
    }
}
