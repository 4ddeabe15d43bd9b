package farine.stream.internal;

import farine.testing.Invoked;
import farine.Service;
import farine.stream.HttpStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Blocks in each event until the test releases it; records the events it finished. Reset by {@link #reset()}. */
@Service(value = "blocking", singleton = true)
public final class Blocking {

    static volatile CountDownLatch started = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);

    private static final List<String> FINISHED = new ArrayList<>();

    static void reset() {
        started = new CountDownLatch(1);
        release = new CountDownLatch(1);
        synchronized (FINISHED) {
            FINISHED.clear();
        }
    }

    /** What finished, readable after the container stopped. */
    static List<String> finished() {
        synchronized (FINISHED) {
            return List.copyOf(FINISHED);
        }
    }

    @HttpStream
    public void receive(String data) throws InterruptedException {
        started.countDown();
        if (!release.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never released");
        }
        synchronized (FINISHED) {
            FINISHED.add(data);
        }
    }

    @Invoked
    public List<String> received() {
        return finished();
    }
}
