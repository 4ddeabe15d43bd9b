package farine.embedded;

import farine.embedded.internal.SharedBroker;
import farine.embedded.spi.EmbeddedBroker;
import java.util.Optional;

/**
 * The development broker (Apache Qpid Broker-J, in process, 127.0.0.1 only, guest/guest) for the launcher and the
 * test support: what they use of farine-embedded. A service configures it with {@code amqp_uri = embedded} (or no
 * {@code amqp_uri}) instead, and farine-amqp finds it with {@link java.util.ServiceLoader} ({@link EmbeddedBroker}).
 * See docs/embedded.md.
 *
 * <p>Any thread.
 */
public final class EmbeddedBrokers {

    private EmbeddedBrokers() {
    }

    /**
     * A broker of its own, not the process's shared one (a test that wants its own): not started;
     * {@link EmbeddedBroker#start} returns its URI, {@link EmbeddedBroker#stop} stops it.
     */
    public static EmbeddedBroker privateBroker() {
        return SharedBroker.privateBroker();
    }

    /** The URI of this process's shared embedded broker while it runs (the launcher writes it to its run file). */
    public static Optional<String> runningUri() {
        return SharedBroker.runningUri();
    }
}
