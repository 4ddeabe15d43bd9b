package farine.amqp.internal.publish;

import farine.ConfigSection;
import farine.amqp.ExchangeType;
import farine.amqp.Outgoing;
import farine.amqp.Publisher;
import farine.amqp.internal.connection.AmqpConnector;
import farine.amqp.internal.topology.Topology;
import farine.amqp.spi.AmqpSettings;
import java.util.concurrent.CompletableFuture;

/** A publisher with its own connector, for code outside a container ({@link Publisher#connect}). */
final class StandalonePublisher implements Publisher.Standalone {

    private final AmqpConnector connector;
    private final ConfirmingChannel confirms;
    private final Publisher publisher;

    private StandalonePublisher(AmqpConnector connector, ConfirmingChannel confirms, Publisher publisher) {
        this.connector = connector;
        this.confirms = confirms;
        this.publisher = publisher;
    }

    static Publisher.Standalone connect(ConfigSection config, String exchange) {
        PublishPolicy policy = PublishPolicy.from(config);
        Topology topology = Topology.from(config);
        AmqpConnector connector = new AmqpConnector(AmqpSettings.from(config));
        connector.connectForPublishing();
        ConfirmingChannel confirms = null;
        try {
            confirms = new ConfirmingChannel(connector, connector.publishing(), policy);
            topology.declareExchange(confirms.channel(), exchange, Topology.exchangeType(config, ExchangeType.DIRECT));
            return new StandalonePublisher(connector, confirms, new AmqpPublisher(confirms, exchange, exchange, policy, farine.spi.Observer.NONE, null));
        } catch (RuntimeException e) {
            if (confirms != null) {
                confirms.abort();
            }
            connector.close(true);
            throw e;
        }
    }

    @Override
    public void send(Outgoing message) {
        publisher.send(message);
    }

    @Override
    public CompletableFuture<Void> sendAsync(Outgoing message) {
        return publisher.sendAsync(message);
    }

    @Override
    public String exchange() {
        return publisher.exchange();
    }

    @Override
    public void close() {
        confirms.close();
        connector.close(false);
    }
}
