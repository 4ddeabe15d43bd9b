package farine.registry;

import farine.Service;
import farine.amqp.Consume;
import farine.rpc.RpcMethod;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** A service whose methods exercise the schema generator: records, generics, Optional, enums, streams. */
@Service("registry_shop")
public final class Shop {

    public enum Size { SMALL, LARGE }

    public record Item(String name, int quantity, Size size, Optional<String> note) {
    }

    public record Page<T>(List<T> items, int total) {
    }

    @RpcMethod
    public Page<Item> order(List<Item> items, Map<String, Integer> discounts) {
        return new Page<>(items, items.size());
    }

    @RpcMethod
    public Stream<Item> browse(Size size, int count) {
        return Stream.generate(() -> new Item("bun", 1, size, Optional.empty())).limit(count);
    }

    @RpcMethod
    public void forget(String name) {
    }

    @Consume(routingKey = "restock")
    public void restock(Item item) {
    }
}
