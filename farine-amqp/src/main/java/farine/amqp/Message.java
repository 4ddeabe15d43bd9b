package farine.amqp;

import com.rabbitmq.client.BasicProperties;
import java.util.Map;

/**
 * The delivery a {@link Consume} method is working on, when it declares a parameter of this type.
 * Used on the worker's thread.
 *
 * <p>By default farine acknowledges the message when the method returns and retries or dead-letters
 * it when it throws. A method that calls {@link #ack()} or {@link #nack(boolean)} takes that over:
 * farine then does nothing more with the message, whatever the method does afterwards.
 */
public interface Message {

    /** The raw body. */
    byte[] body();

    /** The exchange it was published to (the original one, also after a retry). */
    String exchange();

    /** The routing key it was published with (the original one, also after a retry). */
    String routingKey();

    /** Whether the broker delivered it before (to this or another consumer). */
    boolean redelivered();

    /** The AMQP headers, with text values as {@code String}; never null. */
    Map<String, Object> headers();

    /** All AMQP properties (content type, correlation id, message id, timestamp, ...). */
    BasicProperties properties();

    /** How many times farine retried it after a failure (0 the first time). */
    int retries();

    /** Acknowledges it now. Idempotent with {@link #nack}: only the first call counts. */
    void ack();

    /** Rejects it now: back to the queue if {@code requeue}, else dropped (or dead-lettered by the queue's policy). */
    void nack(boolean requeue);
}
