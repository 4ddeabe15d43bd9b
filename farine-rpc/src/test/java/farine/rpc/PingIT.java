package farine.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Connection;
import farine.Container;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every service with RPC methods answers the reserved ping; once none runs, a ping fails at once. */
class PingIT {

    @Test
    void aRunningServiceAnswersThePingAndAStoppedOneFailsAtOnce() {
        try (RpcClients clients = RpcClients.connect(Broker.uri())) {
            RpcCaller calc = clients.caller("rpcit_calc").withTimeout(Duration.ofSeconds(20));
            try (Container container = Broker.start(Calc.class)) {
                assertThat(calc.call(RpcClients.PING_METHOD))
                        .isEqualTo(Map.of("service", "rpcit_calc", "pid", (int) ProcessHandle.current().pid()));
            }
            long start = System.nanoTime();
            // the ping queue went with its last consumer: the broker returns the request
            assertThatThrownBy(() -> calc.call(RpcClients.PING_METHOD)).isInstanceOf(NotServedException.class)
                    .hasMessageContaining("rpcit_calc.farine.ping");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aPythonServiceHasNoPingAndSaysSoAtOnceWhileItsMethodsAnswer() throws Exception {
        try (Connection raw = Broker.connect();
                PythonStyleServer python = new PythonStyleServer(raw, "rpcit_pyping",
                        Map.of("hello", request -> List.of(PythonStyleServer.item("hi"), PythonStyleServer.end())));
                RpcClients clients = RpcClients.connect(Broker.uri())) {
            RpcCaller caller = clients.caller("rpcit_pyping").withTimeout(Duration.ofSeconds(20));
            assertThat(caller.call("hello")).isEqualTo("hi");
            long start = System.nanoTime();
            // its exchange exists, but no queue is bound for the reserved method: the broker returns the request
            assertThatThrownBy(() -> caller.call(RpcClients.PING_METHOD)).isInstanceOf(NotServedException.class)
                    .hasMessageContaining("rpcit_pyping.farine.ping");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
