package farine.amqp.internal.publish;

import farine.ConfigSection;
import farine.amqp.Publisher;

/** farine-amqp's {@link Publisher.Connector}; public for {@link java.util.ServiceLoader} only. */
public final class PublisherConnector implements Publisher.Connector {

    @Override
    public Publisher.Standalone connect(ConfigSection settings, String exchange) {
        return StandalonePublisher.connect(settings, exchange);
    }
}
