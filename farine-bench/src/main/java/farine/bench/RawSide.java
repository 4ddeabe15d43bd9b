package farine.bench;

import com.rabbitmq.client.Connection;

/**
 * The plain RabbitMQ client doing by hand what farine does: its own RPC server and client on
 * uniquely named topology, hand-written consumers and a hand-written confirming publisher. Like
 * farine, it uses one connection for consuming and another for publishing.
 */
final class RawSide implements BenchSide {

    private final Wire wire;
    private final Connection consuming;
    private final Connection publishing;
    private final RawRpcServer server;
    private final RawRpcClient client;
    private final String consumePrefix;
    private final Topology publishTopology;
    private RawPublisher publisher;
    private RawPublisher fireAndForget;

    private final Side side;

    /** {@code side}: {@link Side#RAW}, or {@link Side#OBSERVED} for the raw side with {@code --raw-protocol} beside the raw side without. */
    RawSide(Broker broker, Wire wire, int serverPrefetch, java.util.Set<RawProtocol> protocol, Side side) {
        this.side = side;
        this.wire = wire;
        this.consuming = broker.connect("raw consuming");
        this.publishing = broker.connect("raw publishing");
        String service = broker.unique("rawrpc");
        this.server = RawRpcServer.start(broker, consuming, publishing, service, wire, serverPrefetch, protocol);
        this.client = RawRpcClient.start(publishing, service, wire, protocol);
        this.consumePrefix = broker.unique("rawconsume");
        String publishExchange = broker.unique("rawpublish");
        this.publishTopology = new Topology(publishExchange, publishExchange + "_q");
    }

    @Override
    public Side side() {
        return side;
    }

    @Override
    public RpcCaller rpc() {
        return client;
    }

    @Override
    public Topology consumeTopology(ConsumeVariant variant) {
        return new Topology(consumePrefix + "_" + variant.name(), consumePrefix + "_" + variant.name() + "_q");
    }

    @Override
    public AutoCloseable consume(ConsumeVariant variant, Probe probe) {
        return RawConsumer.start(consuming, consumeTopology(variant).queue(), ConsumeVariant.PREFETCH, variant.concurrency(), wire, probe);
    }

    @Override
    public Topology publishTopology() {
        return publishTopology;
    }

    @Override
    public synchronized AsyncPublisher publisher() {
        if (publisher == null) {
            publisher = RawPublisher.start(publishing, publishTopology.exchange(), publishTopology.queue(), wire);
        }
        return publisher;
    }

    @Override
    public synchronized AsyncPublisher fireAndForget() {
        if (fireAndForget == null) {
            fireAndForget = RawPublisher.fireAndForget(publishing, publishTopology.exchange(), publishTopology.queue(), wire);
        }
        return fireAndForget;
    }

    @Override
    public void close() {
        client.close();
        server.close();
        consuming.abort(2000);
        publishing.abort(2000);
    }
}
