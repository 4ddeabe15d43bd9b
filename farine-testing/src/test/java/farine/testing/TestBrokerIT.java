package farine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import farine.testing.internal.Docker;
import farine.testing.internal.Unavailable;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** The real lookups on this machine (RabbitMQ and PostgreSQL on 127.0.0.1 per the build's test setup). */
class TestBrokerIT {

    @Test
    void the_found_broker_accepts_a_connection_on_the_default_virtual_host() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(TestBroker.amqpUri());
        try (Connection connection = factory.newConnection("test-broker-it")) {
            assertThat(connection.isOpen()).isTrue();
        }
        if (System.getenv(TestBroker.ENV) == null) {
            assertThat(TestBroker.source()).isIn(TestSource.LOCAL, TestSource.TESTCONTAINERS, TestSource.EMBEDDED);
            assertThat(factory.getVirtualHost()).isEqualTo("/");
        } else {
            assertThat(TestBroker.source()).isEqualTo(TestSource.ENV);
        }
    }

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
    void the_found_database_answers() throws Exception {
        try (var connection = DriverManager.getConnection(TestDatabase.jdbcUrl()); ResultSet rs = connection.createStatement().executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        assertThat(TestDatabase.source()).isNotNull();
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

    @Test
    void without_a_docker_engine_testcontainers_is_skipped_with_the_reason() {
        assumeFalse(org.testcontainers.DockerClientFactory.instance().isDockerAvailable(), "a Docker engine answers here");
        assertThatThrownBy(Docker::rabbitMq).isInstanceOf(Unavailable.class).hasMessage("no Docker engine answers");
        assertThatThrownBy(Docker::postgres).isInstanceOf(Unavailable.class).hasMessage("no Docker engine answers");
    }
}
