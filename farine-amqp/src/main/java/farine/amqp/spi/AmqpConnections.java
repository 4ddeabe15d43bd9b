package farine.amqp.spi;

import farine.ConfigSection;
import farine.spi.ServiceContext;
import java.util.ServiceLoader;

/**
 * Makes {@link AmqpConnection}s: the one implementation is farine-amqp's, found with {@link ServiceLoader} (so that
 * this package names no class of {@code farine.amqp.internal}). Use {@link AmqpConnection#of} and
 * {@link AmqpConnection#standalone}; implementing this elsewhere is not supported.
 */
public interface AmqpConnections {

    /** The implementation, loaded once. */
    AmqpConnections INSTANCE = ServiceLoader.load(AmqpConnections.class, AmqpConnections.class.getClassLoader())
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no " + AmqpConnections.class.getName()
                    + " on the classpath: farine-amqp's META-INF/services is missing (a shaded jar that dropped it?)"));

    /** See {@link AmqpConnection#of}. */
    AmqpConnection shared(ServiceContext service, ConfigSection section);

    /** See {@link AmqpConnection#standalone}. */
    AmqpConnection standalone(ConfigSection section);
}
