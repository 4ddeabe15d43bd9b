package farine.db.internal;

import farine.spi.DependencyProvider;
import farine.spi.WorkerContext;

/** Injects the invocation's connection as a {@code DSLContext}, a {@code Connection} or a {@code Db}. */
final class DbProvider implements DependencyProvider {

    enum Kind { DSL, CONNECTION, DB }

    private final DbPool pool;
    private final Kind kind;
    private final boolean transactional;

    DbProvider(DbPool pool, Kind kind, boolean transactional) {
        this.pool = pool;
        this.kind = kind;
        this.transactional = transactional;
    }

    @Override
    public void setup() {
        pool.setup();
    }

    @Override
    public Object acquire(WorkerContext worker) {
        Lease lease = pool.borrow(worker, transactional);
        return switch (kind) {
            case DSL -> lease.dsl();
            case CONNECTION -> lease.connection();
            case DB -> lease;
        };
    }

    @Override
    public void complete(WorkerContext worker, Object value, Throwable failure) {
        pool.complete(worker, failure);
    }

    @Override
    public void release(WorkerContext worker, Object value, Throwable failure) {
        pool.giveBack(worker);
    }

    @Override
    public String toString() {
        return "DbProvider[" + pool.section() + ", " + kind + (transactional ? ", transactional" : "") + "]";
    }
}
