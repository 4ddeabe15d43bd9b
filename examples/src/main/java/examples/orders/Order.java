package examples.orders;

/** An order as it travels on the wire: {@code {"id": "...", "sku": "tea", "quantity": 2}}. */
public record Order(String id, String sku, int quantity) {
}
