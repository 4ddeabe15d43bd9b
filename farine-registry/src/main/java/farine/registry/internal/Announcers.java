package farine.registry.internal;

import farine.amqp.spi.AmqpConnection;
import farine.amqp.spi.PerConnection;
import farine.spi.Extension;
import farine.spi.ServiceContext;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The container's announcers, one per broker its services use, and what every announcement of this
 * container shares: the instance id, the start time and the heartbeat timer. A shared extension of the
 * container: stopped after the services' own announcements have departed.
 */
final class Announcers implements Extension {

    private final String instance = UUID.randomUUID().toString();
    private final Instant started = Instant.now();
    private ScheduledExecutorService timer;
    /** Made in {@link #forConnector}, under this object's lock, after the timer. */
    private final PerConnection<Announcer> announcers = new PerConnection<>(c -> new Announcer(c, timer), Announcer::close);

    static Announcers of(ServiceContext service) {
        return service.shared(Announcers.class, Announcers::new);
    }

    String instance() {
        return instance;
    }

    Instant started() {
        return started;
    }

    synchronized Announcer forConnector(AmqpConnection connector) {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("farine-registry").factory());
        }
        return announcers.of(connector);
    }

    @Override
    public void stop() {
        closeAll();
    }

    @Override
    public void kill() {
        closeAll();
    }

    private void closeAll() {
        synchronized (this) {
            if (timer != null) {
                timer.shutdownNow();
                timer = null;
            }
        }
        announcers.closeAll();
    }
}
