package farine.internal;

import farine.spi.Extension;
import java.util.ArrayList;
import java.util.List;

/**
 * A container-shared extension that records lifecycle events of the probe plugin's parts and of
 * workers, in order. Tests reach it through a worker ({@code container.invoke(service, "journal")}).
 */
public final class Journal implements Extension {

    private final List<String> events = new ArrayList<>();

    public synchronized void record(String event) {
        events.add(event);
    }

    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    public synchronized long count(String event) {
        return events.stream().filter(event::equals).count();
    }

    @Override
    public void setup() {
        record("shared setup");
    }

    @Override
    public void start() {
        record("shared start");
    }

    @Override
    public void stop() {
        record("shared stop");
    }

    @Override
    public void kill() {
        record("shared kill");
    }
}
