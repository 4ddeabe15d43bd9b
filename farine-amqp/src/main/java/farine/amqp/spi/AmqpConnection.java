package farine.amqp.spi;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.ConfigSection;
import farine.spi.ServiceContext;

/**
 * A handle on one broker (one per distinct address in a container): two connections, one for consuming and one for
 * publishing, so that a blocked publisher never stalls deliveries. Both use the RabbitMQ client's automatic
 * connection and topology recovery. This is what a module that adds an AMQP entry point or dependency (farine-rpc,
 * farine-registry, the launcher's {@code publish}) uses of farine-amqp; the implementation stays in
 * {@code farine.amqp.internal}.
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

    /** A new channel on one of the two connections; a {@link farine.FarineException} naming the broker if it fails. */
    Channel channel(Connection connection);

    /**
     * Runs {@code drain} before a graceful {@link #close}, while both connections are still open: a user that
     * settles deliveries on broker confirms (an RPC server's replies) waits there for what is still in flight.
     */
    void beforeClose(Runnable drain);

    /** Closes both connections ({@code abort}: at once, without draining); never throws. */
    void close(boolean abort);
}
