package farine.stream.internal;

import farine.testing.Invoked;
import farine.Service;
import farine.stream.HttpStream;
import farine.stream.SseEvent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Two streams bound by Jackson: one to a record (with the event beside it), one to a JsonNode. */
@Service(value = "bound", singleton = true)
public final class BoundRecorder {

    public record Tick(String symbol, BigDecimal price) {
    }

    private final List<Object> received = new ArrayList<>();

    @HttpStream
    public synchronized void ticks(SseEvent event, Tick tick) {
        received.add(event.id() + "=" + tick);
    }

    @HttpStream
    public synchronized void nodes(JsonNode node) {
        received.add(node.get("n").asInt());
    }

    @Invoked
    public synchronized List<Object> received() {
        return List.copyOf(received);
    }
}
