package farine.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import farine.Config;
import farine.ConfigException;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DbProbeTest {

    private static final DbSettings SETTINGS = DbSettings.from(Config.of(Map.of("ledger", Map.of("db_host", "db.example",
            "db_port", "6543", "db_name", "books", "db_user", "app", "db_password", "s3cret-pw"))).section("ledger"));

    @Test
    void aRefusedUserPasswordOrDatabaseIsARejectionAndAnythingElseIsNot() {
        assertThat(DbProbe.rejects(new SQLException("FATAL: password authentication failed", "28P01"))).isTrue();
        assertThat(DbProbe.rejects(new SQLException("FATAL: no pg_hba.conf entry", "28000"))).isTrue();
        assertThat(DbProbe.rejects(new SQLException("FATAL: database \"books\" does not exist", "3D000"))).isTrue();
        assertThat(DbProbe.rejects(new SQLException("Connection refused", "08001"))).isFalse();
        assertThat(DbProbe.rejects(new SQLException("no state"))).isFalse();
    }

    @Test
    void theRejectionNamesServerDatabaseUserAndReasonButNotThePassword() {
        ConfigException e = DbProbe.rejected(SETTINGS,
                new SQLException("FATAL: password authentication failed for user \"app\"", "28P01"));
        assertThat(e.getMessage()).isEqualTo("[ledger] the database server at db.example:6543 rejected database 'books' for"
                + " user 'app': FATAL: password authentication failed for user \"app\" (check db_user, db_password and"
                + " db_name or db_url)");
        assertThat(e.getMessage()).doesNotContain("s3cret-pw");
    }
}
