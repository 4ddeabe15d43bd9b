package farine.registry.internal;

import farine.amqp.spi.AmqpConnection;
import farine.spi.Extension;
import farine.spi.ServiceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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
    private final Map<AmqpConnection, Announcer> announcers = new IdentityHashMap<>();
    private ScheduledExecutorService timer;

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
        return announcers.computeIfAbsent(connector, c -> new Announcer(c, timer));
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
        List<Announcer> all;
        synchronized (this) {
            all = new ArrayList<>(announcers.values());
            announcers.clear();
            if (timer != null) {
                timer.shutdownNow();
                timer = null;
            }
        }
        all.forEach(Announcer::close);
    }
}
