package farine.rpc;

import farine.Config;
import farine.Implementations;
import java.time.Duration;

/**
 * RPC clients outside a container: a plain {@code main}, a test, another framework. Holds one
 * connection pair and one reply queue; every proxy and caller made from it shares them.
 * Thread-safe. Close it when done.
 *
 * <pre>{@code
 * try (RpcClients clients = RpcClients.connect("amqp://guest:guest@localhost:5672/")) {
 *     Maths maths = clients.proxy("maths", Maths.class);
 *     int nine = maths.square(3);
 * }
 * }</pre>
 */
public interface RpcClients extends AutoCloseable {

    /**
     * The reserved method every farine Java service with RPC methods answers with its name and pid
     * ({@code farine ping}); a name no Python method can have (docs/registry.md).
     */
    String PING_METHOD = "farine.ping";

    /** The default total deadline of a call. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Connects to the broker (with automatic recovery).
     *
     * @throws farine.FarineException when the broker cannot be reached or the URI is invalid
     */
    static RpcClients connect(String amqpUri) {
        return Implementations.of(Connector.class).connect(amqpUri, RpcCallbacks.VIRTUAL_THREAD, Config.empty());
    }

    /**
     * Connects, completing asynchronous results where {@code callbacks} says: {@link RpcCallbacks#REPLY_THREAD}
     * saves a thread hand-over per call for callers whose callbacks never block.
     *
     * @throws farine.FarineException when the broker cannot be reached or the URI is invalid
     */
    static RpcClients connect(String amqpUri, RpcCallbacks callbacks) {
        return Implementations.of(Connector.class).connect(amqpUri, callbacks, Config.empty());
    }

    /**
     * Connects; a call to service {@code svc} is made as {@code config}'s section {@code [svc]} says, as an
     * {@code @RpcClient} in a container would: {@code rpc_timeout} (the deadline of {@link #proxy(String, Class)} and
     * {@link #caller(String)}), {@code rpc_stream_idle_timeout}, {@code type}, {@code delivery_mode}, {@code rpc_callbacks}
     * and the {@code rpc_token} of its private methods (the file, or the environment: {@code FARINE_SVC_RPC_TOKEN}).
     *
     * @throws farine.FarineException when the broker cannot be reached or the URI is invalid
     * @throws farine.ConfigException (from {@code proxy} or {@code caller}) when the service section has an invalid value
     */
    static RpcClients connect(String amqpUri, Config config) {
        return Implementations.of(Connector.class).connect(amqpUri, null, config);
    }

    /**
     * A typed proxy of {@code service}, with {@link #DEFAULT_TIMEOUT} (or the {@code rpc_timeout} of the service's section,
     * see {@link #connect(String, Config)}) unless the annotations say otherwise.
     */
    default <T> T proxy(String service, Class<T> type) {
        return proxy(service, type, DEFAULT_TIMEOUT);
    }

    /** A typed proxy of {@code service} whose calls have {@code timeout} as total deadline (stream items too, between each other). */
    <T> T proxy(String service, Class<T> type, Duration timeout);

    /** A dynamic caller of {@code service}. */
    RpcCaller caller(String service);

    /** Calls still waiting for replies (0 when idle: nothing leaks). */
    int pending();

    /** The name of the reply queue every call of this client uses. */
    String replyQueue();

    /** Closes the connections; calls still waiting fail. Never throws. */
    @Override
    void close();

    /**
     * What {@link #connect(String, RpcCallbacks, Config)} delegates to: farine-rpc's implementation, found with
     * {@link java.util.ServiceLoader} (so that this package names no class of {@code farine.rpc.internal}). Not meant
     * to be implemented elsewhere.
     */
    interface Connector {
        /** See {@link RpcClients#connect(String, Config)}; {@code callbacks} null: each service section's {@code rpc_callbacks}. */
        RpcClients connect(String amqpUri, RpcCallbacks callbacks, Config config);
    }
}
