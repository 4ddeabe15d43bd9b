package examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The services are plain classes: a unit test news them up with a recording publisher. */
class OrdersTest {

    @Test
    void placingAnOrderPublishesItAndReturnsItsId() {
        RecordingPublisher placed = new RecordingPublisher();
        String id = new Shop(placed).place("tea", 2);
        assertThat(placed.sent).containsExactly(new Order(id, "tea", 2));
    }

    @Test
    void aNonPositiveQuantityIsRefusedBeforeAnythingIsPublished() {
        RecordingPublisher placed = new RecordingPublisher();
        assertThatThrownBy(() -> new Shop(placed).place("tea", 0)).hasMessage("quantity must be positive, was 0");
        assertThat(placed.sent).isEmpty();
    }

    @Test
    void theWarehouseReservesAShelfForKnownProducts() {
        RecordingPublisher reserved = new RecordingPublisher();
        new Warehouse(reserved).reserve(new Order("o-1", "coffee", 3));
        assertThat(reserved.sent).containsExactly(new Reservation("o-1", "coffee", 3, "A-4"));
    }

    @Test
    void anUnknownProductFails() {
        assertThatThrownBy(() -> new Warehouse(new RecordingPublisher()).reserve(new Order("o-2", "caviar", 1)))
                .hasMessage("unknown product 'caviar'");
    }
}
