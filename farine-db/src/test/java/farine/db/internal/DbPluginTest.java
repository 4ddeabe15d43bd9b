package farine.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import farine.db.Db;
import java.sql.Connection;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

class DbPluginTest {

    @Test
    void injectsTheThreeDatabaseTypesAndNothingElse() {
        assertThat(DbPlugin.kind(DSLContext.class)).contains(DbProvider.Kind.DSL);
        assertThat(DbPlugin.kind(Connection.class)).contains(DbProvider.Kind.CONNECTION);
        assertThat(DbPlugin.kind(Db.class)).contains(DbProvider.Kind.DB);
        assertThat(DbPlugin.kind(DataSource.class)).isEqualTo(Optional.empty());
        assertThat(DbPlugin.kind(String.class)).isEmpty();
    }

    @Test
    void loadingThePluginSilencesJooqsLogoAndTips() {
        new DbPlugin();
        assertThat(System.getProperty("org.jooq.no-logo")).isEqualTo("true");
        assertThat(System.getProperty("org.jooq.no-tips")).isEqualTo("true");
    }

    @Test
    void aUsersOwnJooqSettingWins() {
        String before = System.getProperty("org.jooq.no-tips");
        try {
            System.setProperty("org.jooq.no-tips", "false");
            DbPlugin.quietJooq();
            assertThat(System.getProperty("org.jooq.no-tips")).isEqualTo("false");
        } finally {
            System.setProperty("org.jooq.no-tips", before == null ? "true" : before);
        }
    }

    @Test
    void everyKeyItReadsIsDeclared() {
        assertThat(new DbPlugin().configKeys()).contains("db_connector", "db_name", "db_user", "db_password", "db_host",
                "db_port", "db_max_conn", "db_stale_timeout", "db_timeout", "db_url", "db_transaction");
    }
}
