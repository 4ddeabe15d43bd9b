package farine.stream.internal;

import farine.testing.Invoked;
import farine.Service;
import farine.stream.HttpStream;
import farine.stream.SseEvent;
import java.util.ArrayList;
import java.util.List;

/** Records whole events of the types {@code tick} and {@code tock}. */
@Service(value = "events", singleton = true)
public final class EventRecorder {

    private final List<SseEvent> received = new ArrayList<>();

    @HttpStream(event = {"tick", "tock"})
    public synchronized void receive(SseEvent event) {
        received.add(event);
    }

    @Invoked
    public synchronized List<SseEvent> received() {
        return List.copyOf(received);
    }
}
