package farine.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.Container;
import java.time.Duration;
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
}
