package farine.amqp;

import farine.FarineException;

/**
 * A message was not confirmed by the broker: nacked, unroutable ({@code mandatory = true}), or not
 * confirmed within {@code publish_timeout} after {@code publish_retries} attempts.
 */
public class PublishException extends FarineException {
    private static final long serialVersionUID = 1L;

    private final String exchange;
    private final String routingKey;
    private final String reason;

    public PublishException(String exchange, String routingKey, String reason, Throwable cause) {
        super("publish to exchange '" + exchange + "' with routing key '" + routingKey + "' failed: " + reason, cause);
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.reason = reason;
    }

    public String exchange() {
        return exchange;
    }

    public String routingKey() {
        return routingKey;
    }

    /** Why, e.g. {@code "unroutable (312 NO_ROUTE)"} or {@code "not confirmed within 30000 ms"}. */
    public String reason() {
        return reason;
    }
}
