package farine.amqp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Consumes messages from an exchange, one worker per message (PROTOCOL.md §1): the queue is named after
 * the routing key (default: the service name) and bound to the exchange (default: the service name)
 * with that key. The JSON body is bound by Jackson to the method's first payload parameter (a record,
 * POJO, {@code Map}, {@code List}, {@code JsonNode}, {@code String}, or {@code byte[]} for the raw
 * body); a {@link Message} parameter gives the delivery itself.
 *
 * <pre>{@code
 * @Consume(exchange = "orders", routingKey = "order.created")
 * public void created(Order order) { ... }
 * }</pre>
 *
 * <p>The message is acknowledged when the method returns. When it throws, the message is retried with
 * backoff up to INI {@code retries} times (default 3), then published to {@code <queue>.dead} with the
 * error in headers {@code x-farine-error}, {@code x-farine-failed-at}, {@code x-farine-service}. A body
 * that is not JSON or does not bind to the parameter type goes to {@code <queue>.dead} at once.
 * INI {@code prefetch} (64) and {@code concurrency} (1, which keeps order) are read per method.
 *
 * <p>INI {@code exchange}, {@code routing_key}, {@code queue} and {@code type} override the annotation,
 * per method as {@code <method>.exchange} or for the whole section; a test uses them to run a service
 * on names of its own.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Consume {

    /** The exchange; empty means the service name. */
    String exchange() default "";

    /** The binding key, also the queue's name; empty means the service name. */
    String routingKey() default "";

    /** The queue's name when it should differ from the routing key (a topic pattern, say); empty means the routing key. */
    String queue() default "";

    /** The exchange type; INI {@code type} in the service's section overrides it. */
    ExchangeType type() default ExchangeType.DIRECT;

    /**
     * For a {@link ExchangeType#HEADERS} exchange: the binding's header matches as {@code name=value}
     * (all must match; add {@code "x-match=any"} for any).
     */
    String[] bindingHeaders() default {};
}
