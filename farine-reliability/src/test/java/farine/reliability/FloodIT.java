package farine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.Config;
import farine.Container;
import farine.rpc.RpcCaller;
import farine.rpc.RpcClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Scenario 6: far more messages and calls than the service can handle at once. The broker must hold
 * the backlog (prefetch bounds what the service takes), platform threads must not grow with the load,
 * and the heap must stay flat.
 */
class FloodIT {

    private static final int PREFETCH = 10;
    private static final int MESSAGES = 3000;
    private static final int CALLS = 2000;

    @Test
    void aFloodOfMessagesAndCallsStaysInTheBrokerAndNeitherThreadsNorHeapGrow() throws Exception {
        PrivateRabbit rabbit = PrivateRabbit.get();
        Tally tally = Tally.fresh("sluggish");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Figures figures = new Figures("6 flood against a slow consumer and a slow RPC method");
        try (Container container = Container.create(Config.of(Map.of(
                "DEFAULT", Map.of("amqp_uri", rabbit.uri(), "connect_timeout", "60s", "shutdown_timeout", "10s"),
                "sluggish", Map.of("take.concurrency", "2", "take.prefetch", String.valueOf(PREFETCH), "nap.concurrency", "4"))),
                List.of(Sluggish.class));
                Connection connection = rabbit.connect("flood-test");
                RpcClients clients = RpcClients.connect(rabbit.uri())) {
            container.start();
            Channel channel = connection.createChannel();
            channel.queuePurge(Sluggish.IN);
            channel.confirmSelect();
            System.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            int threadsBefore = threads.getThreadCount();
            for (int i = 0; i < MESSAGES; i++) {
                channel.basicPublish(Sluggish.IN, Sluggish.IN, new AMQP.BasicProperties.Builder().messageId("f-" + i).build(), new byte[256]);
            }
            channel.waitForConfirmsOrDie(30_000);
            RpcCaller sluggish = clients.caller("sluggish").withTimeout(Duration.ofSeconds(90));
            List<CompletableFuture<Object>> calls = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                calls.add(sluggish.callAsync("nap", 2));
            }
            int peakThreads = threadsBefore;
            long peakHeap = heapBefore;
            long maxInFlight = 0;
            long maxDepth = 0;
            List<String> samples = new ArrayList<>();
            long began = System.nanoTime();
            // 20 samples, one every 250 ms, taken by a scheduler: {queue, consumed, rpc queue, threads, heap}
            List<long[]> taken = new CopyOnWriteArrayList<>();
            CountDownLatch sampled = new CountDownLatch(20);
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
            sampler.scheduleAtFixedRate(() -> {
                if (sampled.getCount() > 0) {
                    try {
                        taken.add(new long[] {channel.queueDeclarePassive(Sluggish.IN).getMessageCount(), tally.distinct(),
                                channel.queueDeclarePassive("sluggish__nap").getMessageCount(), threads.getThreadCount(),
                                memory.getHeapMemoryUsage().getUsed(), System.nanoTime() - began});
                    } catch (IOException e) {
                        throw new UncheckedIOException(e); // ends the schedule: the wait below then fails, naming the samples
                    }
                    sampled.countDown();
                }
            }, 0, 250, TimeUnit.MILLISECONDS);
            try {
                assertThat(sampled.await(30, TimeUnit.SECONDS)).as("20 samples of the flood, %d taken", taken.size()).isTrue();
            } finally {
                sampler.shutdownNow();
            }
            for (int s = 0; s < taken.size(); s++) {
                long[] t = taken.get(s);
                // what the service holds: neither in the queue nor done; prefetch bounds it
                maxInFlight = Math.max(maxInFlight, MESSAGES - t[0] - t[1]);
                maxDepth = Math.max(maxDepth, t[0]);
                peakThreads = (int) Math.max(peakThreads, t[3]);
                peakHeap = Math.max(peakHeap, t[4]);
                if (s % 4 == 0) {
                    samples.add(String.format("t=%ds queue=%d rpc-queue=%d consumed=%d threads=%d", t[5] / 1_000_000_000,
                            t[0], t[2], t[1], t[3]));
                }
            }
            int answered = 0;
            for (CompletableFuture<Object> call : calls) {
                call.get(90, TimeUnit.SECONDS);
                answered++;
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> tally.distinct() >= MESSAGES);
            System.gc();
            long heapAfter = memory.getHeapMemoryUsage().getUsed();
            figures.put("messages flooded", MESSAGES)
                    .put("rpc calls flooded", CALLS)
                    .put("samples (queue depth from the broker)", samples)
                    .put("max queue depth seen", maxDepth)
                    .put("max messages held by the service (prefetch " + PREFETCH + ")", maxInFlight)
                    .put("messages consumed / lost", tally.distinct() + " / " + (MESSAGES - tally.distinct()))
                    .put("rpc calls answered", answered)
                    .put("platform threads before / peak", threadsBefore + " / " + peakThreads)
                    .put("heap MiB before / peak / after GC", heapBefore / (1 << 20) + " / " + peakHeap / (1 << 20) + " / " + heapAfter / (1 << 20))
                    .put("drain time s", (System.nanoTime() - began) / 1_000_000_000);
            assertThat(maxInFlight).as("messages taken from the queue but not yet done").isLessThanOrEqualTo(PREFETCH);
            assertThat(peakThreads - threadsBefore).as("platform threads added under the flood").isLessThan(20);
            assertThat(heapAfter - heapBefore).as("heap growth after GC").isLessThan(64L << 20);
            assertThat(clients.pending()).isZero();
        }
    }
}
