package farine.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.Container;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code rpc_prefetch} above {@code concurrency}: the broker hands the server more requests than it runs at once; they
 * wait at the server, and no more than {@code concurrency} run at a time. Without it the prefetch is the concurrency.
 */
class RpcPrefetchIT {

    private static final String QUEUE = "rpcit_gate__pass";

    private Container server;
    private RpcClients clients;
    private Connection raw;

    @BeforeEach
    void reset() throws Exception {
        Gate.GATE.drainPermits();
        Gate.MOST.set(0);
        clients = RpcClients.connect(Broker.uri());
        raw = Broker.connect();
    }

    @AfterEach
    void close() throws Exception {
        Gate.GATE.release(100); // nothing left waiting
        if (server != null) {
            server.stop();
        }
        clients.close();
        raw.close();
    }

    private long ready() throws Exception {
        try (Channel channel = raw.createChannel()) {
            return channel.queueDeclarePassive(QUEUE).getMessageCount();
        }
    }

    private List<CompletableFuture<Object>> fourCalls() {
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(clients.caller("rpcit_gate").withTimeout(Duration.ofSeconds(30)).callAsync("pass", i));
        }
        return calls;
    }

    @Test
    void aLargerPrefetchHandsTheServerMoreRequestsThanItRunsAtOnce() throws Exception {
        server = Broker.start(Broker.config(Map.of("rpcit_gate", Map.of("concurrency", "1", "rpc_prefetch", "4"))), Gate.class);
        List<CompletableFuture<Object>> calls = fourCalls();

        // all four delivered (none ready in the queue), one at work
        await().atMost(Duration.ofSeconds(10)).until(() -> ready() == 0 && Gate.RUNNING.get() == 1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> Gate.RUNNING.get() == 1);
        Gate.GATE.release(4);
        assertThat(CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))).succeedsWithin(Duration.ofSeconds(20));
        assertThat(calls).extracting(CompletableFuture::join).containsExactly(0, 1, 2, 3);
        assertThat(Gate.MOST.get()).as("requests at work at once").isEqualTo(1);
    }

    @Test
    void withoutItThePrefetchIsTheConcurrency() throws Exception {
        server = Broker.start(Broker.config(Map.of("rpcit_gate", Map.of("concurrency", "1"))), Gate.class);
        List<CompletableFuture<Object>> calls = fourCalls();

        // one delivered and at work, three left in the queue for any server of the service
        await().atMost(Duration.ofSeconds(10)).until(() -> Gate.RUNNING.get() == 1 && ready() == 3);
        Gate.GATE.release(4);
        assertThat(CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))).succeedsWithin(Duration.ofSeconds(20));
        assertThat(Gate.MOST.get()).isEqualTo(1);
    }
}
