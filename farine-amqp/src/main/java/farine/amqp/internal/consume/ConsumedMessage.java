package farine.amqp.internal.consume;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;
import farine.amqp.Message;
import farine.amqp.spi.Delivery;
import farine.amqp.spi.QueueConsumer;
import java.util.Map;

/**
 * A message a {@code @Consume} method works on: the {@link Delivery} (acked or nacked at most once, by the method or by
 * farine) as the method sees it. Its readable headers are made when first asked for, not per message.
 */
final class ConsumedMessage extends Delivery implements Message {

    private Map<String, Object> headers; // DeadLetters.readable, made on first use by the one thread at work on it

    ConsumedMessage(QueueConsumer<?> consumer, Channel channel, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        super(consumer, channel, envelope, properties, body);
    }

    @Override
    public String exchange() {
        Object original = headers().get(DeadLetters.EXCHANGE);
        return original != null ? original.toString() : envelope().getExchange();
    }

    @Override
    public String routingKey() {
        Object original = headers().get(DeadLetters.ROUTING_KEY);
        return original != null ? original.toString() : envelope().getRoutingKey();
    }

    @Override
    public boolean redelivered() {
        return envelope().isRedeliver();
    }

    @Override
    public Map<String, Object> headers() {
        Map<String, Object> h = headers;
        if (h == null) {
            h = DeadLetters.readable(properties().getHeaders());
            headers = h;
        }
        return h;
    }

    @Override
    public int retries() {
        return DeadLetters.retries(properties().getHeaders());
    }

    @Override
    public String toString() {
        return "Message[exchange=" + exchange() + ", routingKey=" + routingKey() + ", tag=" + tag()
                + ", redelivered=" + redelivered() + ", " + body().length + " bytes]";
    }
}
