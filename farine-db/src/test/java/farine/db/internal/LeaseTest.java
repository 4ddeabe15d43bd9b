package farine.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseTest {

    /** A connection that records its calls; {@code setAutoCommit} throws when {@code refuse} is set. */
    private static Connection connection(List<String> calls, boolean refuse) {
        return (Connection) Proxy.newProxyInstance(LeaseTest.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    calls.add(method.getName() + (args == null ? "" : " " + args[0]));
                    if (refuse && method.getName().equals("setAutoCommit")) {
                        throw new SQLException("connection is broken");
                    }
                    return method.getReturnType() == boolean.class ? false : null;
                });
    }

    @Test
    void theConnectionGoesBackWhenItsLastHolderDrops() throws SQLException {
        Lease lease = new Lease(connection(new ArrayList<>(), false));
        lease.hold(false);
        lease.hold(false);
        assertThat(lease.drop()).isFalse();
        assertThat(lease.drop()).isTrue();
    }

    @Test
    void aTransactionalHolderTurnsAutoCommitOffOnce() throws SQLException {
        List<String> calls = new ArrayList<>();
        Lease lease = new Lease(connection(calls, false));
        lease.hold(false);
        assertThat(lease.transactional()).isFalse();
        lease.hold(true);
        lease.hold(true);
        assertThat(lease.transactional()).isTrue();
        assertThat(calls).containsExactly("setAutoCommit false");
    }

    @Test
    void aHolderThatCouldNotBeginItsTransactionIsNotCounted() throws SQLException {
        Lease lease = new Lease(connection(new ArrayList<>(), true));
        lease.hold(false);
        assertThatThrownBy(() -> lease.hold(true)).isInstanceOf(SQLException.class);
        assertThat(lease.transactional()).isFalse();
        assertThat(lease.drop()).isTrue(); // the one real holder gives the connection back
    }

    @Test
    void completionIsRecordedOnce() {
        Lease lease = new Lease(connection(new ArrayList<>(), false));
        assertThat(lease.completed()).isFalse();
        lease.markCompleted();
        assertThat(lease.completed()).isTrue();
    }
}
