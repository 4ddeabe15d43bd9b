package farine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import farine.Config;
import farine.Container;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Scenario 8, opt-in ({@code -Psoak}): steady RPC and pub/sub load for {@code soak.minutes} (default 10).
 * Heap after GC, platform threads, broker channels, connections and queues are sampled; after a warm-up
 * none of them may grow.
 */
class SoakIT {

    @Test
    void steadyLoadForMinutesGrowsNeitherHeapNorThreadsNorChannelsNorQueues() throws Exception {
        double minutes = Double.parseDouble(System.getProperty("soak.minutes", "10"));
        Duration length = Duration.ofMillis((long) (minutes * 60_000));
        Duration every = Duration.ofMillis(Math.max(5_000, length.toMillis() / 20));
        PrivateRabbit rabbit = PrivateRabbit.get();
        Tally tally = Tally.fresh("traffic");
        Figures figures = new Figures("8 soak, " + minutes + " min of steady RPC + pub/sub");
        // heap MiB, threads, channels, connections, queues; taken on a scheduler, every `every`, `count` of them
        List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
        int count = (int) Math.max(4, length.toMillis() / every.toMillis());
        AtomicReference<Exception> samplerFailure = new AtomicReference<>();
        try (Container container = Container.create(Config.of(Map.of(
                "DEFAULT", Map.of("amqp_uri", rabbit.uri(), "connect_timeout", "60s", "shutdown_timeout", "10s"),
                "traffic", Map.of("concurrency", "4"))), List.of(Traffic.class));
                Load load = new Load("soak-", rabbit.uri(), Traffic.EXCHANGE, "traffic", Duration.ofSeconds(5), 2, Duration.ofMillis(5))) {
            container.start();
            load.start();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            try {
                sampler.scheduleAtFixedRate(() -> {
                    try {
                        System.gc();
                        long[] sample = {ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20,
                                ManagementFactory.getThreadMXBean().getThreadCount(), rabbit.count("channels"), rabbit.count("connections"),
                                rabbit.count("queues")};
                        samples.add(sample);
                        figures.put("sample " + samples.size(), String.format("heap %d MiB, threads %d, channels %d, connections %d,"
                                + " queues %d, calls answered %d, messages confirmed %d / consumed %d", sample[0], sample[1], sample[2],
                                sample[3], sample[4], load.answered.get(), load.confirmed.size(), tally.distinct()));
                    } catch (Exception e) {
                        samplerFailure.compareAndSet(null, e);
                    }
                }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
                await().atMost(every.multipliedBy(count).plus(Duration.ofMinutes(2))).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    if (samplerFailure.get() != null) {
                        throw new IllegalStateException("sampling failed after " + samples.size() + " samples", samplerFailure.get());
                    }
                    return samples.size() >= count;
                });
            } finally {
                sampler.shutdownNow();
                sampler.awaitTermination(30, TimeUnit.SECONDS);
            }
            load.stop();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.allConsumed(tally));
            figures.put("messages sent / confirmed / consumed / lost / duplicated", load.sent.get() + " / " + load.confirmed.size()
                    + " / " + tally.distinct() + " / " + load.lost(tally).size() + " / " + tally.duplicated())
                    .put("rpc calls made / answered / failed", load.calls.get() + " / " + load.answered.get() + " / " + load.failureKinds());
            long[] warm = samples.get(Math.min(samples.size() - 1, Math.max(1, samples.size() / 4)));
            long[] last = samples.get(samples.size() - 1);
            assertThat(last[0] - warm[0]).as("heap growth after GC (MiB) from warm-up to end").isLessThan(32);
            assertThat(last[1] - warm[1]).as("platform thread growth").isLessThanOrEqualTo(2);
            assertThat(last[2]).as("channels").isEqualTo(warm[2]);
            assertThat(last[3]).as("connections").isEqualTo(warm[3]);
            assertThat(last[4]).as("queues").isEqualTo(warm[4]);
            assertThat(load.failures).as("rpc failures without any fault").isEmpty();
        }
    }
}
