package farine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.ConnectionFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The lookup order of {@link TestBroker} and {@link TestDatabase}, with probes and fallbacks faked. */
class LookupTest {

    private final List<String> probed = new ArrayList<>();

    private Lookup.Probe up(String... down) {
        return (host, port) -> {
            probed.add(host + ":" + port);
            return List.of(down).contains(host + ":" + port) ? Optional.of("Connection refused") : Optional.empty();
        };
    }

    private static Lookup.Fallback fallback(TestSource source, String address, AtomicInteger starts) {
        return new Lookup.Fallback() {
            @Override
            public TestSource source() {
                return source;
            }

            @Override
            public String start() {
                starts.incrementAndGet();
                return address;
            }
        };
    }

    private static Lookup.Fallback unavailable(TestSource source, String reason) {
        return new Lookup.Fallback() {
            @Override
            public TestSource source() {
                return source;
            }

            @Override
            public String start() throws Unavailable {
                throw new Unavailable(reason);
            }
        };
    }

    @Test
    void the_environment_wins_over_a_running_local_broker() {
        AtomicInteger starts = new AtomicInteger();
        Lookup.Found found = TestBroker.LOOKUP.locate(Map.of(TestBroker.ENV, " amqp://u:p@rabbit.example:5673/v "), up(),
                List.of(fallback(TestSource.EMBEDDED, "amqp://embedded", starts)));
        assertThat(found).isEqualTo(new Lookup.Found("amqp://u:p@rabbit.example:5673/v", TestSource.ENV));
        assertThat(probed).containsExactly("rabbit.example:5673"); // the variable's target is checked, the local one not
        assertThat(starts).hasValue(0);
    }

    @Test
    void an_unreachable_environment_uri_fails_without_falling_back_and_hides_the_password() {
        AtomicInteger starts = new AtomicInteger();
        assertThatThrownBy(() -> TestBroker.LOOKUP.locate(Map.of(TestBroker.ENV, "amqp://guest:s3cret@127.0.0.1:1/"),
                up("127.0.0.1:1"), List.of(fallback(TestSource.EMBEDDED, "amqp://embedded", starts))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("FARINE_TEST_AMQP_URI = amqp://guest:****@127.0.0.1:1/ but nothing answers at 127.0.0.1:1 (Connection refused)")
                .hasMessageContaining("unset it")
                .hasMessageNotContaining("s3cret");
        assertThat(starts).hasValue(0);
    }

    @Test
    void the_variable_set_to_embedded_goes_straight_to_the_embedded_step() {
        AtomicInteger containers = new AtomicInteger();
        AtomicInteger embedded = new AtomicInteger();
        Lookup.Found found = TestBroker.LOOKUP.locate(Map.of(TestBroker.ENV, "EMBEDDED"), up(), List.of(
                fallback(TestSource.TESTCONTAINERS, "amqp://container", containers),
                fallback(TestSource.EMBEDDED, "amqp://guest:guest@127.0.0.1:40001/", embedded)));
        assertThat(found).isEqualTo(new Lookup.Found("amqp://guest:guest@127.0.0.1:40001/", TestSource.EMBEDDED));
        assertThat(probed).isEmpty();
        assertThat(containers).hasValue(0);
        assertThatThrownBy(() -> TestBroker.LOOKUP.locate(Map.of(TestBroker.ENV, "embedded"), up(),
                List.of(unavailable(TestSource.EMBEDDED, "io.farine:farine-embedded is not on the classpath"))))
                .hasMessage("FARINE_TEST_AMQP_URI = embedded, but the embedded RabbitMQ did not start: io.farine:farine-embedded is not on the classpath");
    }

    @Test
    void a_blank_variable_counts_as_unset_and_the_local_broker_is_used() {
        Lookup.Found found = TestBroker.LOOKUP.locate(Map.of(TestBroker.ENV, "  "), up(), List.of());
        assertThat(found).isEqualTo(new Lookup.Found(TestBroker.LOCAL_URI, TestSource.LOCAL));
        assertThat(probed).containsExactly("127.0.0.1:5672");
    }

    @Test
    void the_local_uri_names_the_default_virtual_host_not_the_empty_one() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(TestBroker.LOCAL_URI);
        assertThat(factory.getVirtualHost()).isEqualTo("/");
        assertThat(factory.getUsername()).isEqualTo("guest");
        assertThat(factory.getPort()).isEqualTo(5672);
    }

    @Test
    void without_a_local_broker_the_fallbacks_are_tried_in_order_and_the_first_that_serves_wins() {
        AtomicInteger embeddedStarts = new AtomicInteger();
        AtomicInteger laterStarts = new AtomicInteger();
        Lookup.Found found = TestBroker.LOOKUP.locate(Map.of(), up("127.0.0.1:5672"), List.of(
                unavailable(TestSource.TESTCONTAINERS, "no Docker engine answers"),
                fallback(TestSource.EMBEDDED, "amqp://guest:guest@127.0.0.1:40000/", embeddedStarts),
                fallback(TestSource.EMBEDDED, "never", laterStarts)));
        assertThat(found).isEqualTo(new Lookup.Found("amqp://guest:guest@127.0.0.1:40000/", TestSource.EMBEDDED));
        assertThat(embeddedStarts).hasValue(1);
        assertThat(laterStarts).hasValue(0);
    }

    @Test
    void when_nothing_serves_the_message_lists_each_step_with_its_reason_and_how_to_provide_one() {
        Lookup.Fallback broken = new Lookup.Fallback() {
            @Override
            public TestSource source() {
                return TestSource.EMBEDDED;
            }

            @Override
            public String start() {
                throw new IllegalStateException("port in use");
            }
        };
        assertThatThrownBy(() -> TestBroker.LOOKUP.locate(Map.of(), up("127.0.0.1:5672"),
                List.of(unavailable(TestSource.TESTCONTAINERS, "no Docker engine answers"), broken)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no RabbitMQ for tests; tried FARINE_TEST_AMQP_URI (not set), RabbitMQ on 127.0.0.1:5672 (Connection refused),"
                        + " Testcontainers (no Docker engine answers), the embedded server (failed: java.lang.IllegalStateException: port in use)")
                .hasMessageContaining("set FARINE_TEST_AMQP_URI=amqp://user:password@host:5672/%2F")
                .hasMessageContaining("start RabbitMQ on 127.0.0.1:5672")
                .hasMessageContaining("Docker")
                .hasMessageContaining("io.farine:farine-embedded");
    }

    @Test
    void the_database_lookup_has_the_same_order_and_its_own_names() {
        assertThat(TestDatabase.LOOKUP.locate(Map.of(), up(), List.of()))
                .isEqualTo(new Lookup.Found("jdbc:postgresql://127.0.0.1:5432/test?user=postgres", TestSource.LOCAL));
        assertThat(TestDatabase.LOOKUP.locate(Map.of(TestDatabase.ENV, "jdbc:postgresql://db.example/app?user=a&password=b"), up(), List.of()).source())
                .isEqualTo(TestSource.ENV);
        assertThat(probed).containsExactly("127.0.0.1:5432", "db.example:5432");
        assertThatThrownBy(() -> TestDatabase.LOOKUP.locate(Map.of(TestDatabase.ENV, "jdbc:postgresql://127.0.0.1:1/x?user=u&password=pw"),
                up("127.0.0.1:1"), List.of()))
                .hasMessageStartingWith("FARINE_TEST_JDBC_URL = jdbc:postgresql://127.0.0.1:1/x?user=u&password=**** but nothing answers at 127.0.0.1:1");
        assertThatThrownBy(() -> TestDatabase.LOOKUP.locate(Map.of(), up("127.0.0.1:5432"), List.of(
                unavailable(TestSource.TESTCONTAINERS, "org.testcontainers:testcontainers-postgresql is not on the classpath"))))
                .hasMessageContaining("no PostgreSQL for tests; tried FARINE_TEST_JDBC_URL (not set), PostgreSQL on 127.0.0.1:5432 (Connection refused),"
                        + " Testcontainers (org.testcontainers:testcontainers-postgresql is not on the classpath)")
                .hasMessageContaining("set FARINE_TEST_JDBC_URL=jdbc:postgresql://host:5432/db?user=u&password=p");
    }

    @Test
    void host_and_port_come_from_amqp_uris_and_jdbc_urls_with_default_ports() {
        assertThat(Lookup.hostPort("amqp://u:p@h1/v")).isEqualTo(new Lookup.HostPort("h1", 5672));
        assertThat(Lookup.hostPort("amqps://u:p@h2/v")).isEqualTo(new Lookup.HostPort("h2", 5671));
        assertThat(Lookup.hostPort("amqp://h3:1234")).isEqualTo(new Lookup.HostPort("h3", 1234));
        assertThat(Lookup.hostPort("jdbc:postgresql://db/test?user=x")).isEqualTo(new Lookup.HostPort("db", 5432));
        assertThat(Lookup.hostPort("jdbc:postgresql://db:6543/test")).isEqualTo(new Lookup.HostPort("db", 6543));
        assertThatThrownBy(() -> Lookup.hostPort("not a uri")).isInstanceOf(IllegalStateException.class).hasMessageContaining("not a URI");
        assertThatThrownBy(() -> Lookup.hostPort("amqp:///vhost")).isInstanceOf(IllegalStateException.class).hasMessageContaining("no host");
    }

    @Test
    void tcp_probe_reports_a_closed_port() {
        assertThat(Lookup.tcp("127.0.0.1", 1)).isPresent();
    }

    @Test
    void a_lookup_runs_once_and_a_failure_is_repeated_to_every_caller() {
        AtomicInteger runs = new AtomicInteger();
        Lookup.Once<String> failing = new Lookup.Once<>(() -> {
            runs.incrementAndGet();
            throw new IllegalStateException("no RabbitMQ for tests; tried ...");
        });
        assertThatThrownBy(failing::get).hasMessage("no RabbitMQ for tests; tried ...");
        assertThatThrownBy(failing::get).hasMessage("no RabbitMQ for tests; tried ...");
        assertThat(runs).hasValue(1);
        Lookup.Once<String> ok = new Lookup.Once<>(() -> "uri" + runs.incrementAndGet());
        assertThat(ok.get()).isEqualTo("uri2");
        assertThat(ok.get()).isEqualTo("uri2");
    }

    @Test
    void sources_set_to_testcontainers_skip_the_variable_and_a_running_local_broker() {
        AtomicInteger containers = new AtomicInteger();
        AtomicInteger embedded = new AtomicInteger();
        Lookup.Found found = TestBroker.LOOKUP.locate(Map.of(Lookup.SOURCES_ENV, " Testcontainers ", TestBroker.ENV, "amqp://u:p@rabbit.example/v"),
                up(), List.of(fallback(TestSource.TESTCONTAINERS, "amqp://container", containers),
                        fallback(TestSource.EMBEDDED, "amqp://embedded", embedded)));
        assertThat(found).isEqualTo(new Lookup.Found("amqp://container", TestSource.TESTCONTAINERS));
        assertThat(probed).isEmpty();
        assertThat(embedded).hasValue(0);
    }

    @Test
    void sources_set_to_testcontainers_fail_without_docker_rather_than_falling_back() {
        AtomicInteger embedded = new AtomicInteger();
        assertThatThrownBy(() -> TestDatabase.LOOKUP.locate(Map.of(Lookup.SOURCES_ENV, "testcontainers"), up(), List.of(
                unavailable(TestSource.TESTCONTAINERS, "no Docker engine answers"), fallback(TestSource.EMBEDDED, "jdbc:embedded", embedded))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no PostgreSQL for tests; tried FARINE_TEST_JDBC_URL (skipped: FARINE_TEST_SOURCES=testcontainers),"
                        + " PostgreSQL on 127.0.0.1:5432 (skipped: FARINE_TEST_SOURCES=testcontainers), Testcontainers (no Docker engine answers),"
                        + " the embedded server (skipped: FARINE_TEST_SOURCES=testcontainers)");
        assertThat(embedded).hasValue(0);
        assertThat(probed).isEmpty();
    }

    @Test
    void sources_keep_their_usual_order_and_an_unknown_name_is_refused_with_the_valid_ones() {
        AtomicInteger embedded = new AtomicInteger();
        assertThat(TestBroker.LOOKUP.locate(Map.of(Lookup.SOURCES_ENV, "embedded, local"), up("127.0.0.1:5672"),
                List.of(fallback(TestSource.EMBEDDED, "amqp://embedded", embedded))).source()).isEqualTo(TestSource.EMBEDDED);
        assertThat(probed).containsExactly("127.0.0.1:5672");
        assertThat(Lookup.sources(Map.of(Lookup.SOURCES_ENV, " "))).containsExactly(TestSource.values());
        assertThatThrownBy(() -> Lookup.sources(Map.of(Lookup.SOURCES_ENV, "local,docker")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("FARINE_TEST_SOURCES = local,docker: 'docker' is not a source; use a comma-separated list of [env, local, testcontainers, embedded]");
    }
}
