package farine.amqp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a {@link Publisher} bound to an exchange into a service's constructor or method parameter
 * (PROTOCOL.md §1). A {@code Publisher} parameter without this annotation publishes to the exchange
 * named after the service.
 *
 * <pre>{@code
 * public Shop(@Publish(exchange = "orders", routingKey = "order.created") Publisher orders) { ... }
 * }</pre>
 *
 * <p>INI {@code exchange}, {@code routing_key} and {@code type} override the annotation, per parameter
 * as {@code <parameter name>.exchange} ({@code orders.exchange} above) or for the whole section.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Publish {

    /** The exchange; empty means the service name. */
    String exchange() default "";

    /** The routing key of {@link Publisher#send(Object)}; empty means the exchange name. */
    String routingKey() default "";

    /** The exchange type to declare; INI {@code type} in the service's section overrides it. */
    ExchangeType type() default ExchangeType.DIRECT;
}
