package farine.embedded.internal;

import farine.FarineException;
import farine.embedded.spi.EmbeddedBroker;

/**
 * The process's one embedded broker, as {@link java.util.ServiceLoader} hands it out: each instance is
 * a handle that holds one reference while started. The first {@link #start} starts the broker, later
 * ones (other sections, other containers in the process) join it, and the last {@link #stop} stops it.
 * Every handle gets the same URI. Thread-safe.
 *
 * <p>Ports: {@code 0} joins whatever port the broker listens on (or picks a free one when it is the
 * first); a fixed port must match the running broker's, else {@link #start} fails naming both, so two
 * sections with different {@code embedded_port} values are an error rather than a silent second broker.
 */
public final class SharedBroker implements EmbeddedBroker {

    private static final Object LOCK = new Object();
    private static QpidBroker running; // guarded by LOCK
    private static int references; // guarded by LOCK

    private boolean holding; // guarded by LOCK

    /** Public for {@link java.util.ServiceLoader}. */
    public SharedBroker() {
    }

    @Override
    public String start(int port) throws Exception {
        synchronized (LOCK) {
            if (holding) {
                throw new IllegalStateException("this handle already holds the embedded broker at " + running.uri());
            }
            if (running == null) {
                QpidBroker broker = new QpidBroker();
                broker.start(port);
                running = broker;
            } else if (port != 0 && port != running.port()) {
                throw new FarineException("embedded_port = " + port + ": this process's embedded broker already listens on port "
                        + running.port() + "; there is one embedded broker per process, so give every section the same"
                        + " embedded_port (or 0 to join whichever port it has)");
            }
            references++;
            holding = true;
            return running.uri();
        }
    }

    /** Gives back this handle's reference; the last one stops the broker. Idempotent, never throws. */
    @Override
    public void stop() {
        synchronized (LOCK) {
            if (!holding) {
                return;
            }
            holding = false;
            if (--references == 0) {
                QpidBroker broker = running;
                running = null;
                broker.stop();
            }
        }
    }

    /** A broker of its own, not started (see {@link farine.embedded.EmbeddedBrokers#privateBroker}). */
    public static EmbeddedBroker privateBroker() {
        return new QpidBroker();
    }

    /** The URI of this process's embedded broker while it runs (the launcher writes it to its run file). */
    public static java.util.Optional<String> runningUri() {
        synchronized (LOCK) {
            return java.util.Optional.ofNullable(running).map(QpidBroker::uri);
        }
    }

    /** How many handles hold the broker (0 when it is not running). */
    static int references() {
        synchronized (LOCK) {
            return references;
        }
    }
}
