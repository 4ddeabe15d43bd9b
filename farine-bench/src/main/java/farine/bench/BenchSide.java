package farine.bench;

/**
 * Everything one implementation (the plain client, or farine) brings to the benchmarks. Started
 * once for the whole run; rows then alternate between the sides round after round.
 */
interface BenchSide extends AutoCloseable {

    Side side();

    /** A client calling this side's running RPC server ({@code echo}, {@code items}). */
    RpcCaller rpc();

    /** Where this side consumes a variant from: the bench declares it, fills it, then calls {@link #consume}. */
    Topology consumeTopology(ConsumeVariant variant);

    /** Starts consuming the variant's queue, calling {@link Probe#hit()} per message processed. */
    AutoCloseable consume(ConsumeVariant variant, Probe probe);

    /** Where this side's publisher sends: the bench binds a durable queue to it and purges it between rounds. */
    Topology publishTopology();

    AsyncPublisher publisher();

    /**
     * A publisher of transient messages without confirms (fire and forget) to {@link #publishTopology()}: its
     * future completes once the message is written.
     */
    AsyncPublisher fireAndForget();

    @Override
    void close();

    /** An exchange and the queue bound to it with the queue's name as routing key (PROTOCOL.md §1). */
    record Topology(String exchange, String queue) {
    }
}
