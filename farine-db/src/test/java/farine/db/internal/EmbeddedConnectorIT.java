package farine.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import farine.Config;
import farine.Container;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/** {@code db_connector = embedded}: zonky's PostgreSQL 17 in a child process, also when the JVM runs as root. */
class EmbeddedConnectorIT {

    public static final class Scratch {
        @Invoked
        public String version(DSLContext db) {
            db.execute("CREATE TABLE IF NOT EXISTS notes (body text)");
            db.execute("INSERT INTO notes VALUES ('hello')");
            return db.fetchValue("SELECT current_database() || ' ' || current_user || ' ' || version()").toString();
        }
    }

    @Test
    void anEmbeddedServerStartsWithTheContainerAndStopsWithIt() {
        Map<String, String> keys = Map.of("db_connector", "embedded", "db_name", "scratch");
        try (Container container = Container.create(Config.of(Map.of("scratch", keys)), List.of(Scratch.class))) {
            container.start();
            assertThat((String) container.invoke("scratch", "version")).startsWith("scratch postgres PostgreSQL 17.");
        }
    }
}
