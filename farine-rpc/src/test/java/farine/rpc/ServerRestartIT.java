package farine.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import farine.Container;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A server that dies mid-call leaves the request to the next one (acked only after the reply, PROTOCOL.md §4). */
class ServerRestartIT {

    private static RpcClients clients;

    @BeforeAll
    static void connect() {
        clients = RpcClients.connect(Broker.uri());
    }

    @AfterAll
    static void close() {
        if (clients != null) {
            clients.close();
        }
    }

    @Test
    void aCallRunningWhenTheServerDiesIsServedByTheNextServer() throws Exception {
        Restart.RUNS.set(0);
        Container first = Broker.start(Restart.class);
        CompletableFuture<Object> call = clients.caller("rpcit_restart").withTimeout(Duration.ofSeconds(30)).callAsync("work", "block");
        assertThat(Restart.BLOCKING.await(10, TimeUnit.SECONDS)).isTrue();
        first.kill();
        try (Container second = Broker.start(Restart.class)) {
            assertThat(call.get(20, TimeUnit.SECONDS)).isEqualTo("done block in run 2");
        }
        assertThat(clients.pending()).isZero();
    }

    @Test
    void aGracefulStopFinishesTheRunningCallFirst() throws Exception {
        Restart.RUNS.set(0);
        Container server = Broker.start(Restart.class);
        CompletableFuture<Object> call = clients.caller("rpcit_restart").withTimeout(Duration.ofSeconds(30)).callAsync("work", "slow");
        assertThat(Restart.SLOW.await(10, TimeUnit.SECONDS)).isTrue();
        server.stop();
        assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("done slow in run 1");
        assertThat(clients.pending()).isZero();
    }
}
