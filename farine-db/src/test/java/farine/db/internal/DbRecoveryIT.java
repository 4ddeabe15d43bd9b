package farine.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import farine.testing.Invoked;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import farine.Config;
import farine.Container;
import farine.FarineException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A database server that is down at start, goes away and comes back: a private embedded PostgreSQL on a
 * port of its own (never the shared test server), stopped and started by the test.
 */
class DbRecoveryIT {

    public static final class Flaky {
        @Invoked
        public long count(DSLContext db) {
            db.execute("CREATE TABLE IF NOT EXISTS visits (at timestamptz DEFAULT now())");
            db.execute("INSERT INTO visits DEFAULT VALUES");
            return ((Number) db.fetchValue("SELECT count(*) FROM visits")).longValue();
        }
    }

    @Test
    void theServiceStartsWithoutItsDatabaseFailsItsInvocationsAndRecoversWhenItIsBack() throws Exception {
        int port = freePort();
        Path data = Files.createTempDirectory("farine-db-recovery");
        Map<String, String> keys = Map.of("db_host", "127.0.0.1", "db_port", String.valueOf(port), "db_name", "postgres",
                "db_timeout", "1s");
        DbSettings server = DbSettings.from(Config.of(Map.of("private", Map.of("db_connector", "embedded",
                "db_port", String.valueOf(port), "db_data_dir", data.toString()))).section("private"));
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger poolLog = (Logger) LoggerFactory.getLogger(DbPool.class);
        poolLog.addAppender(log);
        EmbeddedServer embedded = null;
        try (Container container = Container.create(Config.of(Map.of("flaky", keys)), List.of(Flaky.class))) {
            container.start(); // no server on that port yet: starts anyway
            assertThat(log.list).anyMatch(e -> e.getFormattedMessage().contains("127.0.0.1:" + port + "/postgres")
                    && e.getFormattedMessage().contains("is not reachable")
                    && e.getFormattedMessage().contains("starts anyway"));
            assertThatThrownBy(() -> container.invoke("flaky", "count"))
                    .isInstanceOf(FarineException.class)
                    .hasMessageContaining("flaky.count")
                    .hasMessageContaining("within 1000 ms (db_timeout)")
                    .hasMessageContaining("127.0.0.1:" + port + "/postgres")
                    .hasMessageContaining("unreachable");

            embedded = EmbeddedServer.start(server);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> container.invoke("flaky", "count").equals(1L));

            embedded.stop(); // the server goes away while the service runs
            embedded = null;
            assertThatThrownBy(() -> container.invoke("flaky", "count")).isInstanceOf(FarineException.class)
                    .hasMessageContaining("flaky.count");

            embedded = EmbeddedServer.start(server); // and comes back with its data
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> container.invoke("flaky", "count").equals(2L));
            await().atMost(Duration.ofSeconds(10)).until(() -> TestSchema.pool("flaky").getActiveConnections() == 0);
        } finally {
            poolLog.detachAppender(log);
            if (embedded != null) {
                embedded.stop();
            }
            deleteTree(data);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
