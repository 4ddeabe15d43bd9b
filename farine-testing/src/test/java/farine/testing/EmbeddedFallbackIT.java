package farine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** The embedded steps of the lookups, started directly (whatever the lookups found here). */
class EmbeddedFallbackIT {

    @Test
    void the_embedded_fallback_starts_a_broker_that_accepts_connections() throws Exception {
        String uri = TestBroker.embedded().start();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        try (Connection connection = factory.newConnection("embedded-fallback-it")) {
            assertThat(connection.createChannel().queueDeclare("fallback", true, false, false, null).getQueue()).isEqualTo("fallback");
        }
    }

    @Test
    void the_embedded_database_fallback_starts_postgresql_with_the_test_database() throws Exception {
        long began = System.nanoTime();
        String url = TestDatabase.embedded().start();
        System.out.println("embedded PostgreSQL started in " + (System.nanoTime() - began) / 1_000_000 + " ms at " + url);
        assertThat(url).matches("jdbc:postgresql://127\\.0\\.0\\.1:\\d+/test\\?user=postgres");
        try (var connection = DriverManager.getConnection(url); ResultSet rs = connection.createStatement().executeQuery("SELECT current_database()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("test");
        }
    }
}
