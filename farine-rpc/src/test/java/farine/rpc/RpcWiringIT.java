package farine.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.ConfigException;
import farine.Container;
import farine.FarineException;
import farine.Service;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Wrong wiring fails at start with a message saying what is wrong; closing a client fails what waits. */
class RpcWiringIT {

    @Service("rpcit_wrong")
    public static final class WrongClient {
        public WrongClient(@RpcClient("rpcit_calc") String notAnInterface) {
        }

        @RpcMethod
        public int one() {
            return 1;
        }
    }

    @Service("rpcit_wrong")
    public static final class Client {
        public Client(@RpcClient("rpcit_calc") CalcClient calc) {
        }

        @RpcMethod
        public int one() {
            return 1;
        }
    }

    private static void start(Map<String, Map<String, String>> sections, Class<?> service) {
        try (Container container = Container.create(Broker.config(sections), List.of(service))) {
            container.start();
        }
    }

    @Test
    void aClientTypeThatIsNotAnInterfaceFailsAtWiring() {
        assertThatThrownBy(() -> start(Map.of(), WrongClient.class)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("java.lang.String cannot be an RPC client: it must be an interface");
    }

    @Test
    void aZeroTimeoutOrABadConcurrencyIsRejectedNamingSectionAndKey() {
        assertThatThrownBy(() -> start(Map.of("rpcit_calc", Map.of("rpc_timeout", "0")), Client.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("[rpcit_calc] rpc_timeout = 0");
        assertThatThrownBy(() -> start(Map.of("rpcit_wrong", Map.of("concurrency", "0")), Client.class))
                .isInstanceOf(FarineException.class).hasMessageContaining("concurrency = 0");
        assertThatThrownBy(() -> start(Map.of("rpcit_wrong", Map.of("delivery_mode", "3")), Client.class))
                .isInstanceOf(FarineException.class).hasMessageContaining("delivery_mode = 3");
        assertThatThrownBy(() -> start(Map.of("rpcit_calc", Map.of("rpc_callbacks", "reader")), Client.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("[rpcit_calc] rpc_callbacks = reader: must be virtual_thread or reply_thread");
    }

    @Test
    void concurrencyMayBeSetPerMethod() {
        try (Container container = Container.create(Broker.config(Map.of("rpcit_strict", Map.of("concurrency", "4", "add.concurrency", "2"))),
                List.of(Strict.class))) {
            container.start();
            assertThat(container.describe().getFirst()).contains("rpc add (queue rpcit_strict__add, concurrency 2)")
                    .contains("rpc hello (queue rpcit_strict__hello, concurrency 4)");
        }
    }

    @Test
    void closingTheClientFailsTheCallsStillWaiting() throws Exception {
        try (Connection c = Broker.connect(); Channel ch = c.createChannel()) {
            ch.exchangeDeclare("rpcit_nobody", "direct", true); // a service that ran once and is gone:
            ch.queueDeclare("rpcit_nobody__m", true, false, false, null); // its durable queue stays and takes the request
            ch.queueBind("rpcit_nobody__m", "rpcit_nobody", "rpcit_nobody__m");
            ch.queuePurge("rpcit_nobody__m");
        }
        RpcClients clients = RpcClients.connect(Broker.uri());
        CompletableFuture<Object> waiting = clients.caller("rpcit_nobody").withTimeout(Duration.ofSeconds(30)).callAsync("m");
        assertThat(clients.pending()).isEqualTo(1);
        clients.close();
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(FarineException.class).hasMessageContaining("RPC client closed");
        assertThat(clients.pending()).isZero();
    }

    @Test
    void aBrokerThatCannotBeReachedIsAClearError() {
        assertThatThrownBy(() -> RpcClients.connect("amqp://guest:secret@127.0.0.1:1/")).isInstanceOf(FarineException.class)
                .hasMessageStartingWith("cannot connect to amqp://guest:****@127.0.0.1:1/");
        assertThatThrownBy(() -> RpcClients.connect("http://nope")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a valid amqp:// or amqps:// URI");
    }

    @Test
    void aPasswordInAMalformedUriIsNeverShown() {
        assertThatThrownBy(() -> RpcClients.connect("amqp://app:pa%zzword@127.0.0.1:1/")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a valid amqp:// or amqps:// URI")
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("pa%zzword");
                    }
                });
    }

    @Test
    void aUriEndingInASlashMeansTheDefaultVhostAsInKombu() {
        java.net.URI broker = java.net.URI.create(farine.testing.TestBroker.amqpUri());
        String bare = broker.getScheme() + "://" + broker.getRawUserInfo() + "@" + broker.getHost() + ":" + broker.getPort() + "/";
        try (RpcClients clients = RpcClients.connect(bare)) {
            assertThat(clients.replyQueue()).isNotEmpty();
            assertThat(clients.pending()).isZero();
        }
    }
}
