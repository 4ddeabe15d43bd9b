package farine.db.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import farine.ConfigSection;
import farine.FarineException;
import farine.spi.Observer;
import farine.spi.WorkerContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HikariCP pool of one service section, and the leases of the invocations running on it. Created at
 * wiring, started with the container's shared resources, closed after the workers have finished.
 */
final class DbPool {

    private static final Logger LOG = LoggerFactory.getLogger(DbPool.class);

    private final ConfigSection config;
    private final ClassLoader loader;
    // a worker acquires and releases on its own thread (DependencyProvider's contract): one lease per thread
    private final Map<Thread, Lease> leases = Collections.synchronizedMap(new IdentityHashMap<>());
    private volatile DbSettings settings;
    private volatile HikariDataSource source;

    private final Observer observer;

    DbPool(ConfigSection config, ClassLoader loader, Observer observer) {
        this.config = config;
        this.loader = loader;
        this.observer = observer;
    }

    /** Where the service's migrations are looked up (an embedded database is migrated at start). */
    ClassLoader loader() {
        return loader;
    }

    String section() {
        return config.name();
    }

    ConfigSection config() {
        return config;
    }

    /** Validates the section's settings (ConfigException names section, key and value). */
    DbSettings setup() {
        if (settings == null) {
            settings = DbSettings.from(config);
        }
        return settings;
    }

    DbSettings settings() {
        return setup();
    }

    /**
     * Probes the server once, then opens the pool. A server that rejects the credentials or the database
     * fails the start; a server that cannot be reached does not: the pool keeps trying and invocations fail
     * until it answers.
     */
    void start(DbSettings resolved) {
        settings = resolved;
        Optional<SQLException> unreachable = DbProbe.check(resolved);
        unreachable.ifPresent(e -> LOG.warn("[{}] database {} is not reachable ({}); the service starts anyway and its"
                + " invocations fail until it is", section(), resolved.describe(), e.getMessage()));
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(poolName(section()));
        hikari.setJdbcUrl(resolved.url());
        hikari.setUsername(resolved.user());
        hikari.setPassword(resolved.password());
        hikari.setMaximumPoolSize(resolved.maxConnections());
        hikari.setMinimumIdle(Math.min(1, resolved.maxConnections()));
        hikari.setIdleTimeout(resolved.staleTimeout().toMillis());
        hikari.setConnectionTimeout(resolved.timeout().toMillis());
        hikari.setValidationTimeout(Math.min(5_000, Math.max(250, resolved.timeout().toMillis() - 1)));
        hikari.setMaxLifetime(Math.max(resolved.staleTimeout().toMillis() + 30_000, 30 * 60_000L));
        hikari.setInitializationFailTimeout(-1); // never fail the start for an unreachable server: see above
        hikari.setRegisterMbeans(true);
        hikari.setAutoCommit(true);
        hikari.addDataSourceProperty("ApplicationName", poolName(section()));
        resolved.schema().ifPresent(hikari::setSchema);
        source = new HikariDataSource(hikari);
        observer.databasePool(section(), source);
        if (unreachable.isEmpty()) {
            LOG.info("[{}] database {}, pool of {}", section(), resolved.describe(), resolved.maxConnections());
        }
    }

    /** Null when the pool holds a connection it can lend (or is not open yet); else why not, for readiness. */
    String notReady() {
        HikariDataSource pool = source;
        HikariPoolMXBean bean = pool == null ? null : pool.getHikariPoolMXBean();
        if (bean != null && bean.getTotalConnections() == 0) {
            return "[" + section() + "] database pool has no connection to " + settings.describe();
        }
        return null;
    }

    static String poolName(String section) {
        return "farine-" + section;
    }

    /** The invocation's connection: borrowed on its first database parameter, shared by the next ones. */
    Lease borrow(WorkerContext worker, boolean transactional) {
        Thread thread = Thread.currentThread();
        Lease lease = leases.get(thread);
        boolean fresh = lease == null;
        if (fresh) {
            lease = new Lease(connection(worker));
        }
        try {
            lease.hold(transactional);
        } catch (SQLException e) {
            // a shared lease stays with its other holders, who give it back
            if (fresh) {
                close(lease);
            }
            throw new FarineException(worker.qualifiedName() + ": cannot begin a transaction on " + settings.describe()
                    + ": " + e.getMessage(), e);
        }
        if (fresh) {
            leases.put(thread, lease);
        }
        return lease;
    }

    private Connection connection(WorkerContext worker) {
        HikariDataSource pool = source;
        if (pool == null) {
            throw new FarineException(worker.qualifiedName() + ": the database pool of [" + section() + "] is not open"
                    + " (container not started, or stopped)");
        }
        try {
            return pool.getConnection();
        } catch (SQLTransientConnectionException e) {
            throw unavailable(worker, pool, e);
        } catch (SQLException e) {
            throw new FarineException(worker.qualifiedName() + ": no database connection from " + settings.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    private FarineException unavailable(WorkerContext worker, HikariDataSource pool, SQLTransientConnectionException e) {
        HikariPoolMXBean stats = pool.getHikariPoolMXBean();
        int size = settings.maxConnections();
        long waited = settings.timeout().toMillis();
        if (stats != null && stats.getActiveConnections() >= size) {
            return new FarineException(worker.qualifiedName() + ": no database connection within " + waited
                    + " ms (db_timeout): all " + size + " connections of the pool of service '" + section()
                    + "' are in use (db_max_conn = " + size + ", " + stats.getThreadsAwaitingConnection()
                    + " more invocations waiting); raise db_max_conn or db_timeout, or hold connections for shorter", e);
        }
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof SQLException refused && DbProbe.rejects(refused)) {
            // the server answers but refuses (a password changed after the start, or the server was down at the
            // start): not "unreachable", and no amount of waiting helps
            return new FarineException(worker.qualifiedName() + ": no database connection within " + waited
                    + " ms (db_timeout): " + DbProbe.rejection(settings, refused), e);
        }
        return new FarineException(worker.qualifiedName() + ": no database connection within " + waited
                + " ms (db_timeout): database " + settings.describe() + " is unreachable: " + cause.getMessage(), e);
    }

    /**
     * Ends the invocation's transaction before the entry point replies or acknowledges: commits when the method
     * (and its stream) succeeded, else rolls back. A failed commit throws, so the caller gets an error, not a
     * result whose work is lost.
     */
    void complete(WorkerContext worker, Throwable failure) {
        Lease lease = leases.get(Thread.currentThread());
        if (lease == null || !lease.transactional() || lease.completed()) {
            return;
        }
        lease.markCompleted();
        Connection connection = lease.connection();
        if (failure != null) {
            rollback(worker, lease);
            return;
        }
        try {
            connection.commit();
            // statements after the method's transaction (a lazily consumed result) commit one by one
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            rollback(worker, lease);
            throw new FarineException(worker.qualifiedName() + ": commit on " + settings.describe() + " failed, the"
                    + " invocation's work was rolled back: " + e.getMessage(), e);
        }
    }

    private void rollback(WorkerContext worker, Lease lease) {
        try {
            lease.connection().rollback();
        } catch (SQLException e) {
            // the connection is closed next; the server discards an unfinished transaction with it
            LOG.warn("[{}] {}: rollback on {} failed: {}", section(), worker.qualifiedName(), settings.describe(),
                    e.getMessage());
        }
    }

    /**
     * Gives the invocation's connection back once its last holder is done. The transaction has been completed
     * by then; if not (a provider whose complete was never called), it is rolled back, never committed late.
     */
    void giveBack(WorkerContext worker) {
        Thread thread = Thread.currentThread();
        Lease lease = leases.get(thread);
        if (lease == null || !lease.drop()) {
            return;
        }
        leases.remove(thread);
        try {
            if (lease.transactional() && !lease.completed()) {
                rollback(worker, lease);
            }
        } finally {
            close(lease);
        }
    }

    private void close(Lease lease) {
        try {
            // HikariCP rolls back anything uncommitted and resets auto-commit before reuse
            lease.connection().close();
        } catch (SQLException e) {
            LOG.warn("[{}] returning a connection to the pool failed: {}", section(), e.getMessage());
        }
    }

    void stop() {
        HikariDataSource pool = source;
        source = null;
        if (pool != null) {
            pool.close();
        }
    }
}
