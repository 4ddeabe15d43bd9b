package farine.cli;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM: the first one asks for a graceful stop, any later one for an immediate stop.
 * Handlers replace the JVM's default ones (which would run shutdown hooks and exit at once), so the
 * process decides when to exit. Callbacks run on the JVM's signal dispatch thread and must not block.
 */
final class Signals {

    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);
    private static final List<String> NAMES = List.of("INT", "TERM");

    private final AtomicInteger received = new AtomicInteger();
    private final IntConsumer graceful;
    private final IntConsumer immediate;

    /** Both callbacks get the signal's number (2 for SIGINT, 15 for SIGTERM). */
    Signals(IntConsumer graceful, IntConsumer immediate) {
        this.graceful = graceful;
        this.immediate = immediate;
    }

    void install() {
        for (String name : NAMES) {
            try {
                Signal.handle(new Signal(name), this::handle);
            } catch (IllegalArgumentException e) {
                // -Xrs, or a platform without the signal: the shutdown hook still stops the container
                LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
    }

    private void handle(Signal signal) {
        if (received.incrementAndGet() == 1) {
            LOG.info("received SIG{}: stopping gracefully (send it again to stop immediately)", signal.getName());
            graceful.accept(signal.getNumber());
        } else {
            LOG.warn("received SIG{} again: stopping immediately", signal.getName());
            immediate.accept(signal.getNumber());
        }
    }

    boolean received() {
        return received.get() > 0;
    }
}
