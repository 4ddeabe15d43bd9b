package farine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** The real database lookup on this machine: the local PostgreSQL, or a container in the build's containers pass. */
class TestDatabaseIT {

    @Test
    void the_found_database_answers() throws Exception {
        try (var connection = DriverManager.getConnection(TestDatabase.jdbcUrl()); ResultSet rs = connection.createStatement().executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        if (TestBrokerIT.onContainers()) {
            assertThat(TestDatabase.source()).isEqualTo(TestSource.TESTCONTAINERS);
        } else if (System.getenv(TestDatabase.ENV) == null) {
            assertThat(TestDatabase.source()).isIn(TestSource.LOCAL, TestSource.TESTCONTAINERS, TestSource.EMBEDDED);
        } else {
            assertThat(TestDatabase.source()).isEqualTo(TestSource.ENV);
        }
    }
}
