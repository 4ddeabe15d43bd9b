package farine.amqp.spi;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.ConfigSection;
import farine.spi.ServiceContext;

/**
 * A handle on one broker (one per distinct address in a container): a connection for consuming and one for
 * publishing, so that a blocked publisher never stalls deliveries, and a third, opened only for those who ask for it,
 * on which RPC servers consume their requests and publish each reply on the request's own channel
 * ({@link #serving()}). All use the RabbitMQ client's automatic connection and topology recovery. This is what a
 * module that adds an AMQP entry point or dependency (farine-rpc, farine-registry, the launcher's {@code publish})
 * uses of farine-amqp; the implementation stays in {@code farine.amqp.internal}.
 *
 * <p>Thread-safe. The container connects its handles when it starts (before any entry point starts) and closes them
 * after its entry points and dependencies stopped; a standalone handle is closed by its owner.
 */
public interface AmqpConnection {

    /**
     * The container's shared handle for a service's section ({@code amqp_uri}, {@code amqp_addresses}, the embedded
     * fallback): connected at container start, or at once if the container already started.
     *
     * @throws farine.ConfigException if the section's AMQP settings are invalid
     */
    static AmqpConnection of(ServiceContext service, ConfigSection section) {
        return AmqpConnections.INSTANCE.shared(service, section);
    }

    /**
     * A handle of its own for a client outside a container (standalone publishers, RPC clients, the launcher), with
     * the publishing connection only (which also carries replies), connected now under the same rules as a
     * service's: vhost, TLS verification, recovery, {@code connect_timeout}. Close it with {@link #close(boolean)}.
     *
     * @throws farine.FarineException if the broker cannot be reached within {@code connect_timeout}
     */
    static AmqpConnection standalone(ConfigSection section) {
        return AmqpConnections.INSTANCE.standalone(section);
    }

    /** The broker, credentials masked: {@code amqp://guest:****@127.0.0.1:5672/}. */
    String describe();

    /** The URI actually used (the embedded broker's once started); contains credentials, never log it raw. */
    String uri();

    /** The consuming connection; an {@link IllegalStateException} naming the broker before the container started. */
    Connection consuming();

    /**
     * The publishing connection. Consumers on it run on its reader thread: a consumer here must never block nor
     * wait for the broker in its callbacks. An {@link IllegalStateException} naming the broker before it connected.
     */
    Connection publishing();

    /**
     * The serving connection: an RPC server consumes its requests here and publishes each reply, then acknowledges
     * its request, on the channel the request came on. A broker handles a channel's commands in order, so it never
     * sees the acknowledgement without having routed the reply first: if the connection dies before the reply is
     * out, so does the acknowledgement, and the request is delivered again. Not the consuming connection, because it
     * publishes: under a memory or disk alarm the broker stops reading from a connection that publishes, and
     * {@code @Consume} deliveries must go on meanwhile. Its deliveries run as the consuming connection's do.
     *
     * <p>Opened the first time it is asked for (with the other two, in parallel, when {@link #willServe()} said so
     * before the handle connected), with the same settings, recovery and naming ({@code farine-serve [section]});
     * closed with them. An {@link IllegalStateException} naming the broker before the handle connected.
     */
    Connection serving();

    /**
     * Says that {@link #serving()} will be asked for: a handle not yet connected opens it when it connects, beside the
     * publishing connection, so that a service's start does not wait for one more connection after the others. Call
     * it before the container starts (an entry point's {@code setup}); afterwards it does nothing.
     */
    void willServe();

    /** A new channel on one of the connections; a {@link farine.FarineException} naming the broker if it fails. */
    Channel channel(Connection connection);

    /**
     * Runs {@code drain} before a graceful {@link #close}, while the connections are still open: a user that
     * settles deliveries on broker confirms (an RPC server's replies) waits there for what is still in flight.
     */
    void beforeClose(Runnable drain);

    /** Closes the connections ({@code abort}: at once, without draining); never throws. */
    void close(boolean abort);
}
