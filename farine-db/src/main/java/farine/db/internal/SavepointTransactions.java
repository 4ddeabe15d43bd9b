package farine.db.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.jooq.TransactionContext;
import org.jooq.TransactionProvider;
import org.jooq.exception.DataAccessException;

/**
 * jOOQ transactions on a borrowed connection. When the connection is already inside a transaction (a
 * {@code @Transactional} invocation) every jOOQ transaction is a savepoint, so that committing it does not
 * commit the invocation's work early; on an auto-commit connection the outermost one is a real transaction
 * and inner ones are savepoints, as with jOOQ's default provider. Used by one worker thread.
 */
final class SavepointTransactions implements TransactionProvider {

    // empty = this level opened the real transaction; present = a savepoint
    private final Deque<Optional<Savepoint>> levels = new ArrayDeque<>();

    @Override
    public void begin(TransactionContext ctx) {
        Connection connection = connection(ctx);
        try {
            if (levels.isEmpty() && connection.getAutoCommit()) {
                connection.setAutoCommit(false);
                levels.push(Optional.empty());
            } else {
                levels.push(Optional.of(connection.setSavepoint()));
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot begin a transaction: " + e.getMessage(), e);
        }
    }

    @Override
    public void commit(TransactionContext ctx) {
        Connection connection = connection(ctx);
        // popped only once done: when committing fails jOOQ calls rollback for the same level
        Optional<Savepoint> level = levels.peek();
        try {
            if (level.isEmpty()) {
                connection.commit();
                connection.setAutoCommit(true);
            } else {
                connection.releaseSavepoint(level.get());
            }
            levels.pop();
        } catch (SQLException e) {
            throw new DataAccessException("cannot commit: " + e.getMessage(), e);
        }
    }

    @Override
    public void rollback(TransactionContext ctx) {
        Connection connection = connection(ctx);
        Optional<Savepoint> level = levels.isEmpty() ? Optional.empty() : levels.pop();
        try {
            if (level.isEmpty()) {
                try {
                    connection.rollback();
                } finally {
                    connection.setAutoCommit(true);
                }
            } else {
                connection.rollback(level.get());
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot roll back: " + e.getMessage(), e);
        }
    }

    private static Connection connection(TransactionContext ctx) {
        return ctx.configuration().connectionProvider().acquire();
    }
}
