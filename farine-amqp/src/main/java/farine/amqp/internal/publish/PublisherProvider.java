package farine.amqp.internal.publish;

import farine.ConfigSection;
import farine.amqp.ExchangeType;
import farine.amqp.Publish;
import farine.amqp.Publisher;
import farine.amqp.internal.connection.AmqpConnector;
import farine.amqp.internal.connection.AmqpConnectors;
import farine.amqp.internal.topology.ExchangeTypes;
import farine.amqp.internal.topology.Topology;
import farine.spi.DependencyProvider;
import farine.spi.ServiceContext;
import farine.spi.WorkerContext;

/**
 * Injects a {@link Publisher} for one {@code @Publish} parameter: one confirming channel on the
 * container's publishing connection, opened at start and closed after the workers finished.
 */
public final class PublisherProvider implements DependencyProvider {

    private final ServiceContext service;
    private final ConfigSection config; // `<parameter>.key`, then `key`
    private final String exchange;
    private final String routingKey;
    private final ExchangeType annotatedType;
    private final AmqpConnector connector;
    private PublishPolicy policy;
    private Topology topology;
    private ExchangeType type;
    private volatile ConfirmingChannel confirms;
    private volatile Publisher publisher;

    public PublisherProvider(ServiceContext service, Publish annotation, String parameterName) {
        this.service = service;
        this.config = service.config().scoped(parameterName);
        // PROTOCOL.md §1: exchange defaults to the service name, routing key to the exchange name
        this.exchange = Topology.name(config, Topology.EXCHANGE, annotation == null ? "" : annotation.exchange(), service.name());
        this.routingKey = Topology.name(config, Topology.ROUTING_KEY, annotation == null ? "" : annotation.routingKey(), exchange);
        this.annotatedType = annotation == null ? ExchangeType.DIRECT : annotation.type();
        this.connector = AmqpConnectors.of(service).forSection(service.config());
    }

    @Override
    public void setup() {
        policy = PublishPolicy.from(config);
        topology = Topology.from(config);
        type = ExchangeTypes.agreed(service, exchange, config, annotatedType);
    }

    @Override
    public void start() {
        ConfirmingChannel channel = new ConfirmingChannel(connector, connector.publishing(), policy);
        confirms = channel; // before declaring: a start that fails here is still closed by stop/kill
        topology.declareExchange(channel.channel(), exchange, type);
        publisher = new AmqpPublisher(channel, exchange, routingKey, policy, service.observer(), service.name());
    }

    @Override
    public Object acquire(WorkerContext worker) {
        Publisher p = publisher;
        if (p == null) {
            throw new IllegalStateException("publisher to '" + exchange + "' used before the container started");
        }
        return p;
    }

    @Override
    public void stop() {
        ConfirmingChannel c = confirms;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void kill() {
        ConfirmingChannel c = confirms;
        if (c != null) {
            c.abort();
        }
    }
}
