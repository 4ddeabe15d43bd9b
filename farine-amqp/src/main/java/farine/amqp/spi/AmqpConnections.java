package farine.amqp.spi;

import farine.ConfigSection;
import farine.Implementations;
import farine.spi.ServiceContext;

/**
 * Makes {@link AmqpConnection}s: the one implementation is farine-amqp's, found with {@link java.util.ServiceLoader} (so that
 * this package names no class of {@code farine.amqp.internal}). Use {@link AmqpConnection#of} and
 * {@link AmqpConnection#standalone}; implementing this elsewhere is not supported.
 */
public interface AmqpConnections {

    /** The implementation, loaded once. */
    AmqpConnections INSTANCE = Implementations.of(AmqpConnections.class);

    /** See {@link AmqpConnection#of}. */
    AmqpConnection shared(ServiceContext service, ConfigSection section);

    /** See {@link AmqpConnection#standalone}. */
    AmqpConnection standalone(ConfigSection section);
}
