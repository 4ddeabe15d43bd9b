package farine.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.testing.Invoked;
import farine.Config;
import farine.Container;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/**
 * {@code db_connector = embedded}: zonky's PostgreSQL 17 in a child process, also when the JVM runs as root (as
 * here), migrated at start.
 */
class EmbeddedConnectorIT {

    public static final class Scratch {
        @Invoked
        public String version(DSLContext db) {
            return db.fetchValue("SELECT current_database() || ' ' || current_user || ' ' || version()").toString();
        }

        @Invoked
        public long seeded(DSLContext db) {
            return ((Number) db.fetchValue("SELECT count(*) FROM entries WHERE who = 'seed'")).longValue();
        }
    }

    @Test
    void anEmbeddedServerStartsWithTheContainerAndStopsWithIt() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Map<String, String> keys = Map.of("db_connector", "embedded", "db_name", "scratch", "db_port", String.valueOf(port),
                "db_migrations", "classpath:farine/db/migrationtest");
        try (Container container = Container.create(Config.of(Map.of("scratch", keys)), List.of(Scratch.class))) {
            container.start();
            assertThat((String) container.invoke("scratch", "version")).startsWith("scratch postgres PostgreSQL 17.");
            // an embedded database starts empty: the container applied the service's migrations
            assertThat(container.invoke("scratch", "seeded")).isEqualTo(1L);
        }
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        }).as("the embedded server stopped with the container").isInstanceOf(IOException.class);
    }
}
