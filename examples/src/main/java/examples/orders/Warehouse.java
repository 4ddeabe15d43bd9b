package examples.orders;

import farine.amqp.Consume;
import farine.amqp.Publish;
import farine.amqp.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reserves stock for every placed order and announces it with routing key {@code order.reserved}.
 * An order for an unknown product fails: farine retries it ({@code retries}, default 3), then moves it
 * to queue {@code order.placed.dead} with the error in its headers.
 */
public final class Warehouse {

    private static final Logger LOG = LoggerFactory.getLogger(Warehouse.class);

    private final Publisher reserved;

    public Warehouse(@Publish(exchange = "orders", routingKey = "order.reserved") Publisher reserved) {
        this.reserved = reserved;
    }

    @Consume(exchange = "orders", routingKey = "order.placed")
    public void reserve(Order order) {
        String shelf = shelfOf(order.sku());
        LOG.info("reserving {} x {} on shelf {} for order {}", order.quantity(), order.sku(), shelf, order.id());
        reserved.send(new Reservation(order.id(), order.sku(), order.quantity(), shelf));
    }

    static String shelfOf(String sku) {
        return switch (sku) {
            case "tea" -> "A-3";
            case "coffee" -> "A-4";
            case "biscuits" -> "B-1";
            default -> throw new IllegalArgumentException("unknown product '" + sku + "'");
        };
    }
}
