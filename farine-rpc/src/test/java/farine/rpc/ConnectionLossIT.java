package farine.rpc;

import static farine.rpc.PythonStyleServer.end;
import static farine.rpc.PythonStyleServer.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.rabbitmq.client.Connection;
import farine.Container;
import farine.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * After a network failure the client's reply queue and its bindings (which replies from original
 * servers need) come back by themselves, without topology recovery errors.
 */
class ConnectionLossIT {

    /** A client of the Python-style server. */
    public interface Py {
        String hello(String name);
    }

    @Test
    void theReplyQueueAndItsBindingsComeBackAfterALostConnection() throws Exception {
        if (!Broker.VHOST.isPrivate()) {
            throw new IllegalStateException("this test closes connections and needs a private vhost (rabbitmqctl on the broker host)");
        }
        try (LogCapture rabbitLogs = new LogCapture("com.rabbitmq");
                Container server = Broker.start(Calc.class);
                Connection raw = Broker.connect();
                PythonStyleServer pyServer = new PythonStyleServer(raw, "rpcit_pyloss",
                        Map.of("hello", request -> List.of(item("hi " + request.get("args").get(0).asString()), end())));
                RpcClients clients = RpcClients.connect(Broker.uri())) {
            CalcClient calc = clients.proxy("rpcit_calc", CalcClient.class, Duration.ofSeconds(2));
            Py py = clients.proxy("rpcit_pyloss", Py.class, Duration.ofSeconds(2));
            assertThat(calc.add(1, 2)).isEqualTo(3);
            assertThat(py.hello("before")).isEqualTo("hi before");
            String queue = clients.replyQueue();

            // the connection that owns the reply queue (closing more only costs time: rabbitmqctl is slow to start)
            assertThat(Broker.VHOST.closeConnections("farine-publish [rpc-client]")).isEqualTo(1);

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> calc.add(2, 3) == 5);
            try (var items = calc.range(3)) {
                assertThat(items).containsExactly(0, 1, 2);
            }
            // the original server replies through exchange rpcit_pyloss: the recovered binding carries it
            assertThat(py.hello("after")).isEqualTo("hi after");
            assertThat(clients.replyQueue()).isEqualTo(queue);
            await().atMost(Duration.ofSeconds(5)).until(() -> clients.pending() == 0);
            assertThat(server.stopped()).isNotDone();
            assertThat(rabbitLogs.atLeast(Level.ERROR)).extracting(e -> e.getFormattedMessage()).isEmpty();
        }
    }
}
