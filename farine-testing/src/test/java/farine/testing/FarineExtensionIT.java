package farine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import farine.Config;
import farine.Container;
import farine.testing.fixtures.Greeter;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@FarineTest(services = Greeter.class, config = {"[greeter] greeting_word = hello", "shutdown_timeout = 5s"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FarineExtensionIT {

    private static final AtomicReference<Container> PREVIOUS = new AtomicReference<>();
    private ServiceRunner fromBeforeEach;

    @BeforeEach
    void setUp(ServiceRunner runner) {
        fromBeforeEach = runner;
    }

    @Test
    @Order(1)
    void injects_the_running_container_its_config_and_the_runner(ServiceRunner runner, Container container, Config config) {
        assertThat(runner).isSameAs(fromBeforeEach);
        assertThat(container).isSameAs(runner.container());
        assertThat(container.stopped()).isNotDone();
        assertThat(config.section("greeter").string("greeting_word", "")).isEqualTo("hello");
        assertThat(config.section("greeter").string("shutdown_timeout", "")).isEqualTo("5s");
        assertThat(runner.invoke("greeter", "broker")).isEqualTo(TestBroker.amqpUri());
        PREVIOUS.set(container);
    }

    @Test
    @Order(2)
    void each_test_gets_a_fresh_container_and_the_previous_one_was_stopped(Container container) {
        assertThat(PREVIOUS.get()).isNotNull().isNotSameAs(container);
        assertThat(PREVIOUS.get().stopped()).isCompleted();
        PREVIOUS.set(container);
    }

    @Test
    @Order(3)
    @FarineTest(services = Greeter.class, broker = ServiceRunner.BrokerChoice.PRIVATE, config = "[greeter] greeting_word = bonjour")
    void a_method_annotation_replaces_the_class_one(ServiceRunner runner, Config config) {
        assertThat(config.section("greeter").string("greeting_word", "")).isEqualTo("bonjour");
        assertThat(runner.amqpUri()).isNotEqualTo(TestBroker.amqpUri());
    }

    @Nested
    class Inner {
        @Test
        void a_nested_class_uses_the_enclosing_annotation(Config config) {
            assertThat(config.section("greeter").string("greeting_word", "")).isEqualTo("hello");
        }
    }

    @AfterAll
    static void the_last_container_was_stopped_too() {
        assertThat(PREVIOUS.get().stopped()).isCompleted();
    }
}
