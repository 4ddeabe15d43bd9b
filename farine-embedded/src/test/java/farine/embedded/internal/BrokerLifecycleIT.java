package farine.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import farine.FarineException;
import farine.embedded.spi.EmbeddedBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Start, stop, fixed ports, and the one-broker-per-process sharing that {@code amqp_uri = embedded} uses. */
class BrokerLifecycleIT {

    @Test
    void the_service_loader_finds_the_shared_broker() {
        assertThat(ServiceLoader.load(EmbeddedBroker.class).stream().map(ServiceLoader.Provider::type).toList())
                .containsExactly(SharedBroker.class);
    }

    @Test
    void stop_closes_the_port_and_deletes_the_work_directory_and_a_stopped_broker_starts_again() throws Exception {
        QpidBroker broker = new QpidBroker();
        String uri = broker.start(0);
        int port = broker.port();
        assertThat(connects(uri)).isTrue();
        long before = countWorkDirs();
        broker.stop();
        broker.stop(); // idempotent
        assertThat(connects(uri)).as("connect after stop").isFalse();
        assertThat(broker.port()).isZero();
        assertThat(countWorkDirs()).isLessThan(before);
        String again = broker.start(0);
        try {
            assertThat(connects(again)).isTrue();
        } finally {
            broker.stop();
        }
        assertThat(port).isPositive();
    }

    @Test
    void a_fixed_port_is_used_and_an_impossible_one_is_refused() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0)) {
            free = probe.getLocalPort();
        }
        QpidBroker broker = new QpidBroker();
        try {
            assertThat(broker.start(free)).isEqualTo("amqp://guest:guest@127.0.0.1:" + free + "/");
            assertThat(broker.port()).isEqualTo(free);
        } finally {
            broker.stop();
        }
        assertThatThrownBy(() -> broker.start(70_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("embedded_port = 70000");
    }

    @Test
    void handles_share_one_broker_per_process_and_the_last_stop_stops_it() throws Exception {
        SharedBroker first = new SharedBroker();
        SharedBroker second = new SharedBroker();
        String uri = first.start(0);
        try {
            int port = Integer.parseInt(uri.replaceAll(".*:(\\d+)/$", "$1"));
            assertThat(second.start(port)).as("same fixed port joins").isEqualTo(uri);
            assertThat(SharedBroker.references()).isEqualTo(2);
            assertThatThrownBy(() -> second.start(0)).isInstanceOf(IllegalStateException.class);
            SharedBroker other = new SharedBroker();
            int elsewhere = port == 65_000 ? 65_001 : 65_000;
            assertThatThrownBy(() -> other.start(elsewhere)).isInstanceOf(FarineException.class)
                    .hasMessageContaining("embedded_port = " + elsewhere)
                    .hasMessageContaining("already listens on port " + port);
            other.stop(); // holds nothing: no effect
            assertThat(SharedBroker.references()).isEqualTo(2);
            first.stop();
            first.stop(); // a handle gives back its reference once
            assertThat(SharedBroker.references()).isEqualTo(1);
            assertThat(connects(uri)).as("still running for the second handle").isTrue();
        } finally {
            first.stop();
            second.stop();
        }
        assertThat(SharedBroker.references()).isZero();
        assertThat(connects(uri)).as("stopped with the last handle").isFalse();
    }

    @Test
    void a_shared_start_that_fails_holds_nothing_and_the_next_start_works() throws Exception {
        // a busy port (held here by a plain socket) fails with the port in the message
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            SharedBroker handle = new SharedBroker();
            assertThatThrownBy(() -> handle.start(busy.getLocalPort())).isInstanceOf(FarineException.class)
                    .hasMessageContaining("did not start on 127.0.0.1:" + busy.getLocalPort());
            assertThat(SharedBroker.references()).isZero();
            handle.stop(); // nothing held: no effect
            String uri = handle.start(0);
            try {
                assertThat(connects(uri)).isTrue();
                assertThat(SharedBroker.references()).isEqualTo(1);
            } finally {
                handle.stop();
            }
        }
        assertThat(SharedBroker.references()).isZero();
    }

    private static boolean connects(String uri) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        factory.setConnectionTimeout(2000);
        try (Connection c = factory.newConnection("probe")) {
            return c.isOpen();
        } catch (IOException e) {
            return false;
        }
    }

    private static long countWorkDirs() throws IOException {
        try (var dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return dirs.filter(p -> p.getFileName().toString().startsWith("farine-broker-")).count();
        }
    }
}
