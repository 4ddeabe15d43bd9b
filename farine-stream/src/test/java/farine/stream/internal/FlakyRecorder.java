package farine.stream.internal;

import farine.testing.Invoked;
import farine.Service;
import farine.stream.HttpStream;
import farine.stream.SseEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fails on purpose: data {@code always} throws every time, data {@code twice} throws on its first two
 * attempts; records every attempt as {@code data:attempt}.
 */
@Service(value = "flaky", singleton = true)
public final class FlakyRecorder {

    private final List<String> attempts = new ArrayList<>();
    private final Map<String, Integer> counts = new HashMap<>();

    @HttpStream
    public synchronized void receive(SseEvent event) {
        int attempt = counts.merge(event.id(), 1, Integer::sum);
        attempts.add(event.data() + ":" + attempt);
        if (event.data().equals("always") || (event.data().equals("twice") && attempt <= 2)) {
            throw new IllegalStateException("failing on purpose on " + event.data() + ", attempt " + attempt);
        }
    }

    @Invoked
    public synchronized List<String> received() {
        return List.copyOf(attempts);
    }
}
