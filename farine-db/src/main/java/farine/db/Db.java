package farine.db;

import java.sql.Connection;
import org.jooq.DSLContext;

/**
 * The database as one invocation sees it: a connection borrowed from the service's pool, and a jOOQ
 * {@link DSLContext} over that same connection. Declare it (or {@code DSLContext}, or
 * {@code java.sql.Connection}) as a parameter of an entry-point method or of the service's constructor:
 *
 * <pre>{@code
 * @RpcMethod
 * public long add(Db db, String who, int amount) {
 *     return db.dsl().insertInto(table("ledger")).set(field("who"), who).set(field("amount"), amount)
 *             .returningResult(field("id", Long.class)).fetchOne().value1();
 * }
 * }</pre>
 *
 * <p>Every database parameter of one invocation shares one connection. It is borrowed before the method
 * runs and given back after the result has been fully handled (for a streaming RPC reply, after its last
 * item), also when the method throws. Neither the handle nor the connection may be kept past the
 * invocation, and closing them is not needed. Used by the worker's thread only.
 */
public interface Db {

    /** jOOQ over {@link #connection()}, PostgreSQL dialect. */
    DSLContext dsl();

    /** The borrowed connection; auto-commit unless the method is {@link Transactional}. */
    Connection connection();
}
