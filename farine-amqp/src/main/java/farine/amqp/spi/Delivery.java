package farine.amqp.spi;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;
import farine.FarineException;
import farine.spi.ResultHandler;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One message a {@link QueueConsumer} received, and its acknowledgement, which happens at most once: every ack or
 * nack of a consumed message goes through here. An entry point extends it with what it reads from each message
 * (an RPC request's reply address, for one). It is also the worker's {@link ResultHandler}: the worker hands its
 * outcome back to the consumer through it, so that no callback object is made per message.
 *
 * <p>Made on the client's delivery thread, then used by one worker at a time.
 */
public class Delivery implements ResultHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private static final VarHandle SETTLED;

    static {
        try {
            SETTLED = MethodHandles.lookup().findVarHandle(Delivery.class, "settled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final QueueConsumer<?> consumer;
    private final Channel channel;
    private final Envelope envelope;
    private final AMQP.BasicProperties properties;
    private final byte[] body;
    private volatile boolean settled; // through SETTLED: no AtomicBoolean per message
    long started; // System.nanoTime() when the consumer took it up, set by QueueConsumer
    boolean counted; // its worker holds one of the consumer's permits, set by QueueConsumer

    protected Delivery(QueueConsumer<?> consumer, Channel channel, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        this.consumer = consumer;
        this.channel = channel;
        this.envelope = envelope;
        this.properties = properties;
        this.body = body;
    }

    /** The raw body. */
    public byte[] body() {
        return body;
    }

    /** The message's AMQP properties; its headers as the client gives them (text as {@code LongString}). */
    public AMQP.BasicProperties properties() {
        return properties;
    }

    public Envelope envelope() {
        return envelope;
    }

    public long tag() {
        return envelope.getDeliveryTag();
    }

    /** An id for log lines: the correlation id, else the message id, else null. */
    public String correlationId() {
        return properties.getCorrelationId() != null ? properties.getCorrelationId() : properties.getMessageId();
    }

    /** {@link System#nanoTime()} when the consumer took it up (before its checks): what an observer times from. */
    public long started() {
        return started;
    }

    /** Whether it was acknowledged or rejected already. */
    public boolean settled() {
        return settled;
    }

    /** Acknowledges it, unless it was settled already; a {@link FarineException} if the channel refuses. */
    public void ack() {
        if (SETTLED.compareAndSet(this, false, true)) {
            try {
                channel.basicAck(envelope.getDeliveryTag(), false);
            } catch (IOException | RuntimeException e) {
                throw new FarineException("cannot ack message " + envelope.getDeliveryTag() + " from " + envelope.getRoutingKey()
                        + " (the broker will deliver it again): " + e.getMessage(), e);
            }
        }
    }

    /** Rejects it (back to the queue if {@code requeue}), unless it was settled already; a {@link FarineException} if the channel refuses. */
    public void nack(boolean requeue) {
        if (SETTLED.compareAndSet(this, false, true)) {
            try {
                channel.basicNack(envelope.getDeliveryTag(), false, requeue);
            } catch (IOException | RuntimeException e) {
                throw new FarineException("cannot nack message " + envelope.getDeliveryTag() + " from " + envelope.getRoutingKey()
                        + " (the broker will deliver it again): " + e.getMessage(), e);
            }
        }
    }

    /**
     * Acks it ({@code ack}), else puts it back in the queue, without throwing: a channel that closed meanwhile
     * gives it back to the broker by itself, which delivers it again.
     */
    public void ackOrRequeue(boolean ack) {
        try {
            if (ack) {
                ack();
            } else {
                nack(true);
            }
        } catch (FarineException e) {
            LOG.debug("{}", e.getMessage());
        }
    }

    /** The worker's outcome: to the consumer's {@link QueueConsumer#handle}. Not for the method's use. */
    @Override
    public final void handle(Object result, Throwable failure) throws Exception {
        consumer.handled(this, result, failure);
    }

    /** The worker released its dependencies: the consumer may start the next message on this thread. Not for the method's use. */
    @Override
    public final void released(Throwable failure) {
        consumer.released(this);
    }
}
