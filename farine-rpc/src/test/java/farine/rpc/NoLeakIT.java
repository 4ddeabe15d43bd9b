package farine.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import farine.Container;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** After thousands of calls, timeouts, cancellations and closed streams: one reply queue, no pending entry. */
class NoLeakIT {

    private static final int CALLS = 4_000;
    private static final int ASYNC = 2_000;

    @Test
    void thousandsOfCallsTimeoutsAndCancellationsLeaveOneReplyQueueAndNoEntry() throws Exception {
        try (Container server = Broker.start(Broker.config(Map.of("rpcit_calc", Map.of("concurrency", "32"))), Calc.class);
                RpcClients clients = RpcClients.connect(Broker.uri())) {
            CalcClient calc = clients.proxy("rpcit_calc", CalcClient.class, Duration.ofSeconds(30));
            CalcClient impatient = clients.proxy("rpcit_calc", CalcClient.class, Duration.ofMillis(50));
            String queue = clients.replyQueue();
            List<Future<?>> work = new ArrayList<>();
            try (var threads = Executors.newFixedThreadPool(16, Thread.ofVirtual().factory())) {
                for (int i = 0; i < CALLS; i++) {
                    int n = i;
                    work.add(threads.submit(() -> assertThat(calc.add(n, 1)).isEqualTo(n + 1)));
                }
                for (int i = 0; i < 300; i++) {
                    work.add(threads.submit(() -> {
                        try (Stream<Integer> items = calc.range(5)) {
                            assertThat(items).containsExactly(0, 1, 2, 3, 4);
                        }
                    }));
                    work.add(threads.submit(() -> {
                        try (Stream<Integer> items = calc.range(50)) {
                            assertThat(items.findFirst()).contains(0); // closed after the first item
                        }
                    }));
                }
                for (int i = 0; i < 30; i++) {
                    work.add(threads.submit(() -> assertThatThrownBy(() -> impatient.slow(300)).isInstanceOf(RpcTimeoutException.class)));
                }
                List<CompletableFuture<Integer>> async = new ArrayList<>();
                for (int i = 0; i < ASYNC; i++) {
                    CompletableFuture<Integer> call = calc.addAsync(i, 2);
                    if (i % 10 == 0) {
                        call.cancel(true);
                    } else {
                        async.add(call);
                    }
                }
                for (CompletableFuture<Integer> call : async) {
                    assertThat(call.get(30, TimeUnit.SECONDS)).isNotNull();
                }
                for (Future<?> f : work) {
                    f.get(60, TimeUnit.SECONDS);
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> clients.pending() == 0);
            assertThat(clients.replyQueue()).isEqualTo(queue);
            if (Broker.VHOST.isPrivate()) {
                // rabbitmqctl takes seconds to start on a loaded machine: a generous deadline
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                        assertThat(Broker.VHOST.queues()).filteredOn(q -> q.startsWith("farine.reply.")).containsExactly(queue));
            }
        }
    }
}
