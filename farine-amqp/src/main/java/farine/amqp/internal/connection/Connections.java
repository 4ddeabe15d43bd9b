package farine.amqp.internal.connection;

import farine.ConfigSection;
import farine.amqp.spi.AmqpConnection;
import farine.amqp.spi.AmqpConnections;
import farine.spi.ServiceContext;

/** farine-amqp's {@link AmqpConnections}; public for {@link java.util.ServiceLoader} only. */
public final class Connections implements AmqpConnections {

    @Override
    public AmqpConnection shared(ServiceContext service, ConfigSection section) {
        return AmqpConnectors.of(service).forSection(section);
    }

    @Override
    public AmqpConnection standalone(ConfigSection section) {
        return AmqpConnector.standalone(section);
    }
}
