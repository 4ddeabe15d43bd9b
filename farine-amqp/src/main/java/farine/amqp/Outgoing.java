package farine.amqp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One message to publish, when {@link Publisher#send(Object)} is not enough: a routing key (null = the
 * publisher's), the body (serialized to JSON; a {@code byte[]} is sent as is) and extra headers.
 *
 * <pre>{@code
 * orders.send(Outgoing.of(order).routingKey("order.created").header("tenant", "acme"));
 * }</pre>
 */
public record Outgoing(String routingKey, Object body, Map<String, Object> headers) {

    public Outgoing {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static Outgoing of(Object body) {
        return new Outgoing(null, body, Map.of());
    }

    public Outgoing routingKey(String key) {
        return new Outgoing(Objects.requireNonNull(key, "routingKey"), body, headers);
    }

    public Outgoing header(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Outgoing(routingKey, body, more);
    }
}
