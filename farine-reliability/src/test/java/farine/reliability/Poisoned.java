package farine.reliability;

import farine.Service;
import farine.amqp.Consume;
import farine.amqp.Message;
import farine.rpc.RpcMethod;
import java.util.List;
import java.util.Map;

/** The service of the poison scenario: every kind of entry point, with typed parameters to bind to. */
@Service("poisoned")
public final class Poisoned {

    static final String ORDERS = "poisoned-orders";
    static final String NOTES = "poisoned-notes";

    public record Order(String id, int quantity, List<String> items) {
    }

    @Consume(exchange = ORDERS, routingKey = ORDERS)
    public void order(Order order, Message message) {
        Tally.of(ORDERS).saw(String.valueOf(message.properties().getMessageId()));
    }

    @Consume(exchange = NOTES, routingKey = NOTES)
    public void note(String note, Message message) {
        Tally.of(NOTES).saw(String.valueOf(message.properties().getMessageId()));
    }

    @RpcMethod
    public int add(int a, int b) {
        return a + b;
    }

    @RpcMethod
    public String describe(Order order, Map<String, Integer> extra) {
        return order.id() + " x" + order.quantity() + " " + extra;
    }
}
