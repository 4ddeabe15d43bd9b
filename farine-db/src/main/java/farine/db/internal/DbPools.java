package farine.db.internal;

import farine.spi.Extension;
import farine.spi.ServiceContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container's database pools, one per service section, and the embedded server when a section asks for
 * one. A container-shared resource: started before any worker can run, stopped after every worker ended.
 */
final class DbPools implements Extension {

    private static final Logger LOG = LoggerFactory.getLogger(DbPools.class);

    private final Map<String, DbPool> pools = new LinkedHashMap<>();
    private EmbeddedServer embedded;
    private boolean started;

    synchronized DbPool forService(ServiceContext service) {
        DbPool existing = pools.get(service.name());
        if (existing != null) {
            return existing;
        }
        DbPool pool = new DbPool(service.config(), service.type().getClassLoader(), service.observer());
        pools.put(service.name(), pool);
        if (started) {
            pool.setup();
            open(pool);
        }
        return pool;
    }

    @Override
    public synchronized void setup() {
        pools.values().forEach(DbPool::setup);
    }

    @Override
    public synchronized void start() {
        started = true;
        for (DbPool pool : pools.values()) {
            open(pool);
        }
    }

    private void open(DbPool pool) {
        DbSettings settings = pool.settings();
        if (settings.connector() == DbSettings.Connector.EMBEDDED) {
            if (embedded == null) {
                embedded = EmbeddedServer.start(settings);
            }
            settings = embedded.prepare(settings);
            if (DbSettings.unconfigured(pool.config())) {
                LOG.warn("[{}] no database configured (db_url or db_name): embedded development PostgreSQL at {}, data deleted"
                        + " at stop, not for production", pool.section(), settings.describe());
            }
            Migrator.migrateEmbedded(pool.section(), settings, pool.loader());
        }
        pool.start(settings);
    }

    /** A pool that holds no connection cannot lend one: the database is unreachable (Hikari keeps trying). */
    @Override
    public String notReady() {
        List<DbPool> all;
        synchronized (this) {
            all = new ArrayList<>(pools.values());
        }
        for (DbPool pool : all) {
            String reason = pool.notReady();
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    @Override
    public synchronized void stop() {
        List<DbPool> all = new ArrayList<>(pools.values());
        for (DbPool pool : all.reversed()) {
            try {
                pool.stop();
            } catch (RuntimeException e) {
                LOG.warn("[{}] closing the database pool failed: {}", pool.section(), e.toString());
            }
        }
        if (embedded != null) {
            embedded.stop();
            embedded = null;
        }
        started = false;
    }

    @Override
    public void kill() {
        stop();
    }
}
