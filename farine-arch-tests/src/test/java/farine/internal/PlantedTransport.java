package farine.internal;

import com.rabbitmq.client.ConnectionFactory;

/** Planted: a core class that uses an AMQP type. */
final class PlantedTransport {
    ConnectionFactory factory() {
        return new ConnectionFactory();
    }
}
