package farine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import farine.ConfigException;
import farine.testing.fixtures.Greeter;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ServiceRunnerIT {

    @Test
    void runs_the_service_against_the_test_broker_and_stops_it_on_close() {
        ServiceRunner runner = ServiceRunner.builder(Greeter.class).set("greeter", "greeting_word", "hi").start();
        try {
            assertThat(runner.amqpUri()).isEqualTo(TestBroker.amqpUri());
            assertThat(runner.container().services()).containsExactly("greeter");
            assertThat(runner.invoke("greeter", "broker")).isEqualTo(TestBroker.amqpUri());
            assertThat(runner.config().section("greeter").string("greeting_word", "")).isEqualTo("hi");
            assertThat(runner.config().section("greeter").string("shutdown_timeout", "")).isEqualTo("10s");
            int before = Greeter.RUNS.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> Greeter.RUNS.get() > before + 2);
        } finally {
            runner.close();
        }
        assertThat(runner.container().stopped()).isCompleted();
        int after = Greeter.RUNS.get();
        runner.close(); // idempotent
        assertThat(Greeter.RUNS.get()).as("the loop stopped with the runner").isEqualTo(after);
        assertThatThrownBy(() -> runner.invoke("greeter", "broker")).hasMessageContaining("the container is stopped");
        assertThatThrownBy(() -> runner.client(uri -> () -> { })).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void a_private_broker_is_started_for_the_runner_and_stopped_with_it() throws Exception {
        String uri;
        try (ServiceRunner runner = ServiceRunner.builder(Greeter.class).broker(ServiceRunner.BrokerChoice.PRIVATE).start()) {
            uri = runner.amqpUri();
            assertThat(uri).isNotEqualTo(TestBroker.amqpUri()).startsWith("amqp://guest:guest@127.0.0.1:");
            assertThat(runner.invoke("greeter", "broker")).isEqualTo(uri);
            Connection connection = runner.client(ServiceRunnerIT::connect);
            assertThat(connection.isOpen()).isTrue();
        }
        assertThatThrownBy(() -> connect(uri)).hasRootCauseInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void clients_are_closed_in_reverse_order_with_the_runner_and_a_failing_close_does_not_stop_the_others() {
        StringBuilder order = new StringBuilder();
        AtomicBoolean firstClosed = new AtomicBoolean();
        try (ServiceRunner runner = ServiceRunner.start(Greeter.class)) {
            runner.client(uri -> () -> {
                order.append("first;");
                firstClosed.set(true);
            });
            runner.client(uri -> () -> {
                order.append("second;");
                throw new IOException("cannot close");
            });
        }
        assertThat(order).hasToString("second;first;");
        assertThat(firstClosed).isTrue();
    }

    @Test
    void database_sets_db_url_to_the_test_database() {
        try (ServiceRunner runner = ServiceRunner.builder(Greeter.class).database().start()) {
            assertThat(runner.config().section("greeter").string("db_url", "")).isEqualTo(TestDatabase.jdbcUrl());
        }
        try (ServiceRunner runner = ServiceRunner.builder(Greeter.class).database().set("db_url", "jdbc:postgresql://mine/x").start()) {
            assertThat(runner.config().section("greeter").string("db_url", "")).isEqualTo("jdbc:postgresql://mine/x");
        }
    }

    @Test
    void an_amqp_uri_the_test_set_is_kept() {
        try (ServiceRunner runner = ServiceRunner.builder(Greeter.class).lines("[greeter] amqp_uri = amqp://elsewhere:5672/%2F").start()) {
            assertThat(runner.amqpUri()).isEqualTo("amqp://elsewhere:5672/%2F");
            assertThat(runner.invoke("greeter", "broker")).isEqualTo("amqp://elsewhere:5672/%2F");
        }
    }

    @Test
    void a_bad_configuration_fails_the_start_with_the_containers_message() {
        assertThatThrownBy(() -> ServiceRunner.builder(Greeter.class).lines("[greeter] enabled = maybe").start())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("enabled")
                .hasMessageContaining("maybe");
        assertThatThrownBy(() -> ServiceRunner.start(String.class)).isInstanceOf(ConfigException.class).hasMessageContaining("java.lang.String");
        assertThatThrownBy(ServiceRunner::builder).isInstanceOf(IllegalArgumentException.class).hasMessage("no service classes given");
    }

    @Test
    void config_lines_name_a_section_or_default() {
        assertThat(ServiceRunner.ConfigLine.parse("[greeter] Retries = 1"))
                .isEqualTo(new ServiceRunner.ConfigLine("greeter", "retries", "1"));
        assertThat(ServiceRunner.ConfigLine.parse(" shutdown_timeout=5s "))
                .isEqualTo(new ServiceRunner.ConfigLine("DEFAULT", "shutdown_timeout", "5s"));
        assertThat(ServiceRunner.ConfigLine.parse("[greeter] hello.concurrency = 4 = four"))
                .isEqualTo(new ServiceRunner.ConfigLine("greeter", "hello.concurrency", "4 = four"));
        assertThatThrownBy(() -> ServiceRunner.ConfigLine.parse("[greeter retries = 1")).hasMessageContaining("no closing ]");
        assertThatThrownBy(() -> ServiceRunner.ConfigLine.parse("retries")).hasMessageContaining("expected \"[section] key = value\"");
        assertThatThrownBy(() -> ServiceRunner.ConfigLine.parse("[] a = b")).hasMessageContaining("expected");
    }

    private static Connection connect(String uri) {
        try {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(uri);
            factory.setAutomaticRecoveryEnabled(false);
            return factory.newConnection("service-runner-it");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
