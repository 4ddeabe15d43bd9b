package examples.orders;

import farine.amqp.Outgoing;
import farine.amqp.Publisher;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Publisher} that keeps what it is given: a service's unit test needs no broker. */
final class RecordingPublisher implements Publisher {

    final List<Object> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(Outgoing message) {
        sent.add(message.body());
    }

    @Override
    public CompletableFuture<Void> sendAsync(Outgoing message) {
        send(message);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public String exchange() {
        return "orders";
    }
}
