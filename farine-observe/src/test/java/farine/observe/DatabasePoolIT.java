package farine.observe;

import static org.assertj.core.api.Assertions.assertThat;

import farine.Config;
import farine.Container;
import farine.rpc.RpcClients;
import farine.rpc.RpcMethod;
import farine.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A service's database pool is measured by HikariCP's own Micrometer tracker and counted in readiness. */
class DatabasePoolIT {

    public static final class ObsDb {
        @RpcMethod
        public int one(Connection connection) throws SQLException {
            try (ResultSet rows = connection.createStatement().executeQuery("select 1")) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    @Test
    void thePoolsMetersAreScrapedAndAReachableDatabaseIsReady() throws Exception {
        int port = Broker.freePort();
        Config config = Broker.config(port, Map.of("obsdb", Map.of("db_url", TestDatabase.jdbcUrl(), "db_max_conn", "2")));
        try (Container container = Container.create(config, List.of(ObsDb.class));
                RpcClients clients = RpcClients.connect(Broker.uri())) {
            container.start();
            assertThat(clients.caller("obsdb").call("one")).isEqualTo(1);
            String scrape = Broker.get(port, "/metrics").body();
            assertThat(Broker.sample(scrape, "hikaricp_connections_max", "pool", "farine-obsdb")).isEqualTo(2);
            assertThat(scrape).contains("hikaricp_connections_acquire_seconds_count{pool=\"farine-obsdb\"}");
            assertThat(Broker.get(port, "/health/ready").statusCode()).isEqualTo(200);
        }
    }
}
