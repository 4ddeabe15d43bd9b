package farine.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.testing.Invoked;
import farine.Config;
import farine.FarineException;
import farine.Service;
import farine.db.Migrations;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MigrationsIT {

    private TestSchema schema;

    @BeforeEach
    void createSchema() {
        schema = new TestSchema();
    }

    @AfterEach
    void dropSchema() {
        schema.close();
    }

    @Service("migrated")
    public static final class Migrated {
        @Invoked
        public int one(DSLContext db) {
            return 1;
        }
    }

    @Service("alsomigrated")
    public static final class AlsoMigrated {
        @Invoked
        public int one(DSLContext db) {
            return 1;
        }
    }

    public static final class NoDatabase {
        @Invoked
        public int one() {
            return 1;
        }
    }

    private Config config(String location) {
        Map<String, String> keys = schema.keys("db_migrations", location);
        return Config.of(Map.of("migrated", keys, "alsomigrated", keys));
    }

    @Test
    void migrationsAreAppliedOnceAndServicesSharingADatabaseAreMigratedOnce() {
        Config config = config("classpath:farine/db/migrationtest");
        List<Migrations.Result> first = Migrations.migrate(config, List.of(Migrated.class, AlsoMigrated.class, NoDatabase.class));
        assertThat(first).singleElement().satisfies(r -> {
            assertThat(r.service()).isEqualTo("migrated");
            assertThat(r.applied()).isEqualTo(2);
            assertThat(r.version()).isEqualTo("2");
            assertThat(r.database()).contains("/test").contains("schema " + schema.name());
        });
        assertThat(schema.count("SELECT count(*) FROM $schema.entries WHERE who = 'seed'")).isEqualTo(1);

        List<Migrations.Result> second = Migrations.migrate(config, List.of(Migrated.class));
        assertThat(second).singleElement().satisfies(r -> {
            assertThat(r.applied()).isZero();
            assertThat(r.version()).isEqualTo("2");
        });
        assertThat(schema.count("SELECT count(*) FROM $schema.entries WHERE who = 'seed'")).isEqualTo(1);
        assertThat(schema.count("SELECT count(*) FROM $schema.flyway_schema_history WHERE success")).isEqualTo(2);
    }

    @Test
    void aFailingScriptNamesServiceDatabaseAndScriptAndKeepsWhatWasApplied() {
        assertThatThrownBy(() -> Migrations.migrate(config("classpath:farine/db/brokenmigration"), List.of(Migrated.class)))
                .isInstanceOf(FarineException.class)
                .hasMessageContaining("[migrated]")
                .hasMessageContaining("/test")
                .hasMessageContaining("V2__broken.sql")
                .hasMessageContaining("no_such_table");
        assertThat(schema.count("SELECT count(*) FROM information_schema.tables WHERE table_schema = '$schema'"
                + " AND table_name = 'fine'")).isEqualTo(1);
    }

    @Test
    void anUnreachableDatabaseIsNamed() {
        Config config = Config.of(Map.of("migrated", Map.of("db_host", "127.0.0.1", "db_port", "1", "db_name", "gone")));
        assertThatThrownBy(() -> Migrations.migrate(config, List.of(Migrated.class)))
                .isInstanceOf(FarineException.class)
                .hasMessageContaining("[migrated] cannot migrate")
                .hasMessageContaining("127.0.0.1:1/gone");
    }
}
