package farine.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import farine.Service;
import farine.testing.FarineTest;
import farine.testing.ServiceRunner;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * RPC on the embedded development broker (Apache Qpid), through the test extension: a request carries
 * {@code expiration}, which Qpid reads as an absolute time, so this checks that requests are not dropped
 * on arrival; plain results and streams both.
 */
@FarineTest(services = EmbeddedRpcIT.Squares.class, broker = ServiceRunner.BrokerChoice.PRIVATE)
class EmbeddedRpcIT {

    @Service("embedded-squares")
    public static final class Squares {
        public Squares() {
        }

        @RpcMethod
        public int square(int n) {
            return n * n;
        }

        @RpcMethod
        public Stream<Integer> squares(int n) {
            return IntStream.rangeClosed(1, n).map(i -> i * i).boxed();
        }
    }

    @Test
    void calls_and_streams_work_on_the_private_embedded_broker(ServiceRunner runner) {
        RpcClients clients = runner.client(RpcClients::connect);
        RpcCaller squares = clients.caller("embedded-squares").withTimeout(Duration.ofSeconds(20));
        assertThat(squares.call(Integer.class, "square", 7)).isEqualTo(49);
        try (Stream<Object> stream = squares.stream("squares", 4)) {
            assertThat(stream.toList()).isEqualTo(List.of(1, 4, 9, 16));
        }
        assertThat(runner.invoke("embedded-squares", "square", 3)).isEqualTo(9);
        assertThat(clients.pending()).isZero();
    }
}
