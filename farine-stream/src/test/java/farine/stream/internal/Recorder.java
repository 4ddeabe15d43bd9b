package farine.stream.internal;

import farine.testing.Invoked;
import farine.Service;
import farine.stream.HttpStream;
import java.util.ArrayList;
import java.util.List;

/** Records each event's data, in order. */
@Service(value = "recorder", singleton = true)
public final class Recorder {

    private final List<String> received = new ArrayList<>();

    @HttpStream(endpoint = "http://127.0.0.1:9/annotation-endpoint")
    public synchronized void receive(String data) {
        received.add(data);
    }

    @Invoked
    public synchronized List<String> received() {
        return List.copyOf(received);
    }
}
