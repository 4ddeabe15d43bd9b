package farine.amqp.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BasicProperties;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;
import farine.FarineException;
import farine.amqp.Message;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** One consumed message and its acknowledgement, which happens at most once (by the method or by farine). */
final class Delivery implements Message {

    private final Channel channel;
    private final Envelope envelope;
    private final AMQP.BasicProperties properties;
    private final byte[] body;
    private final Map<String, Object> headers;
    private final AtomicBoolean settled = new AtomicBoolean();

    Delivery(Channel channel, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        this.channel = channel;
        this.envelope = envelope;
        this.properties = properties;
        this.body = body;
        this.headers = DeadLetters.readable(properties.getHeaders());
    }

    @Override
    public byte[] body() {
        return body;
    }

    @Override
    public String exchange() {
        Object original = headers.get(DeadLetters.EXCHANGE);
        return original != null ? original.toString() : envelope.getExchange();
    }

    @Override
    public String routingKey() {
        Object original = headers.get(DeadLetters.ROUTING_KEY);
        return original != null ? original.toString() : envelope.getRoutingKey();
    }

    @Override
    public boolean redelivered() {
        return envelope.isRedeliver();
    }

    @Override
    public Map<String, Object> headers() {
        return headers;
    }

    @Override
    public BasicProperties properties() {
        return properties;
    }

    AMQP.BasicProperties amqpProperties() {
        return properties;
    }

    @Override
    public int retries() {
        return DeadLetters.retries(properties.getHeaders());
    }

    /** An id for log lines: the correlation id, else the message id, else null. */
    String correlationId() {
        return properties.getCorrelationId() != null ? properties.getCorrelationId() : properties.getMessageId();
    }

    long tag() {
        return envelope.getDeliveryTag();
    }

    boolean settled() {
        return settled.get();
    }

    @Override
    public void ack() {
        if (settled.compareAndSet(false, true)) {
            try {
                channel.basicAck(envelope.getDeliveryTag(), false);
            } catch (IOException | RuntimeException e) {
                throw new FarineException("cannot ack message " + envelope.getDeliveryTag() + " from " + envelope.getRoutingKey()
                        + " (the broker will deliver it again): " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void nack(boolean requeue) {
        if (settled.compareAndSet(false, true)) {
            try {
                channel.basicNack(envelope.getDeliveryTag(), false, requeue);
            } catch (IOException | RuntimeException e) {
                throw new FarineException("cannot nack message " + envelope.getDeliveryTag() + " from " + envelope.getRoutingKey()
                        + " (the broker will deliver it again): " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "Message[exchange=" + exchange() + ", routingKey=" + routingKey() + ", tag=" + envelope.getDeliveryTag()
                + ", redelivered=" + envelope.isRedeliver() + ", " + body.length + " bytes]";
    }
}
