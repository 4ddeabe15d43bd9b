package farine.db.internal;

import farine.db.Db;
import java.sql.Connection;
import java.sql.SQLException;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * One connection borrowed for one invocation, shared by every database parameter of it (constructor and
 * method). Used by the worker's thread only, so it needs no locking.
 */
final class Lease implements Db {

    private final Connection connection;
    private int holders;
    private boolean transactional;
    private boolean completed;
    private DSLContext dsl;

    Lease(Connection connection) {
        this.connection = connection;
    }

    /** One more holder; counted only once the connection is in the mode it asked for. */
    void hold(boolean inTransaction) throws SQLException {
        if (inTransaction && !transactional) {
            connection.setAutoCommit(false);
            transactional = true;
        }
        holders++;
    }

    /** Whether this was the last holder, so the connection goes back. */
    boolean drop() {
        return --holders == 0;
    }

    boolean transactional() {
        return transactional;
    }

    boolean completed() {
        return completed;
    }

    void markCompleted() {
        completed = true;
    }

    @Override
    public DSLContext dsl() {
        if (dsl == null) {
            // jOOQ's transaction()/transactionResult() nest as savepoints inside the invocation's transaction
            dsl = DSL.using(connection, SQLDialect.POSTGRES).configuration().derive(new SavepointTransactions()).dsl();
        }
        return dsl;
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public String toString() {
        return "Db[" + connection + (transactional ? ", transactional" : "") + "]";
    }
}
