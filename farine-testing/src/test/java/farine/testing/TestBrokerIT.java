package farine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Test;

/** The real broker lookup on this machine: the local RabbitMQ, or a container in the build's containers pass. */
class TestBrokerIT {

    @Test
    void the_found_broker_accepts_a_connection_on_the_default_virtual_host() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(TestBroker.amqpUri());
        try (Connection connection = factory.newConnection("test-broker-it")) {
            assertThat(connection.isOpen()).isTrue();
        }
        if (onContainers()) {
            assertThat(TestBroker.source()).isEqualTo(TestSource.TESTCONTAINERS);
            assertThat(factory.getVirtualHost()).isEqualTo("/");
        } else if (System.getenv(TestBroker.ENV) == null) {
            assertThat(TestBroker.source()).isIn(TestSource.LOCAL, TestSource.TESTCONTAINERS, TestSource.EMBEDDED);
            assertThat(factory.getVirtualHost()).isEqualTo("/");
        } else {
            assertThat(TestBroker.source()).isEqualTo(TestSource.ENV);
        }
    }

    @Test
    void a_private_vhost_is_made_on_the_broker_found_and_lists_its_queues() throws Exception {
        try (TestVhost vhost = TestVhost.create("test-broker-it")) {
            assertThat(vhost.isPrivate()).isTrue();
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(vhost.amqpUri());
            try (Connection connection = factory.newConnection("test-vhost-it")) {
                connection.createChannel().queueDeclare("in-the-private-vhost", false, false, false, null);
            }
            assertThat(vhost.queues()).containsExactly("in-the-private-vhost");
        }
    }

    /** The build's containers pass: FARINE_TEST_SOURCES=testcontainers (see farine-testing's pom). */
    static boolean onContainers() {
        return "testcontainers".equalsIgnoreCase(String.valueOf(System.getenv("FARINE_TEST_SOURCES")).strip());
    }
}
