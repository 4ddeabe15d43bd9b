package examples.orders;

/** Stock set aside for an order: {@code {"orderId": "...", "sku": "tea", "quantity": 2, "shelf": "A-3"}}. */
public record Reservation(String orderId, String sku, int quantity, String shelf) {
}
