package examples.orders;

import farine.amqp.Publish;
import farine.amqp.Publisher;
import farine.rpc.RpcMethod;
import java.util.UUID;

/**
 * Takes orders over RPC ({@code shop.place}) and announces each one on exchange {@code orders} with
 * routing key {@code order.placed}. {@code place} returns once the broker has confirmed the message,
 * so an order the caller got an id for is never lost.
 */
public final class Shop {

    private final Publisher placed;

    public Shop(@Publish(exchange = "orders", routingKey = "order.placed") Publisher placed) {
        this.placed = placed;
    }

    @RpcMethod
    public String place(String sku, int quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive, was " + quantity);
        }
        Order order = new Order(UUID.randomUUID().toString(), sku, quantity);
        placed.send(order);
        return order.id();
    }
}
