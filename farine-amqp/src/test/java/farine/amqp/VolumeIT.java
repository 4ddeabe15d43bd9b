package farine.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import farine.Container;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

/** 10,000 messages through a farine consumer: none lost, none duplicated, in order with concurrency 1. */
@Tag("broker")
@ExtendWith(Rabbit.Vhost.class)
class VolumeIT {

    static final int COUNT = 10_000;

    public static final class Counter {
        private final Publisher seen;

        public Counter(@Publish(exchange = "v-seen", routingKey = "counter") Publisher seen) {
            this.seen = seen;
        }

        @Consume(exchange = "v-numbers", routingKey = "v.numbers")
        public void count(int n) {
            // not waiting for each confirm keeps the test fast; one channel keeps the consumer's order for the sink
            seen.sendAsync(n);
        }
    }

    private final Rabbit rabbit;

    VolumeIT(Rabbit rabbit) {
        this.rabbit = rabbit;
    }

    @ParameterizedTest(name = "concurrency {0}")
    @ValueSource(ints = {1, 8})
    void tenThousandMessagesArriveExactlyOnce(int concurrency) throws Exception {
        rabbit.delete("v.numbers");
        try (Sink seen = Sink.bound(rabbit, "v-seen", "counter");
             Container container = Container.create(rabbit.config(Map.of("counter", Map.of("concurrency", String.valueOf(concurrency)))),
                     List.of(Counter.class));
             Publisher.Standalone numbers = Publisher.connect(rabbit.config().section("v-test"), "v-numbers")) {
            container.start();
            long started = System.nanoTime();
            List<CompletableFuture<Void>> confirms = new ArrayList<>(COUNT);
            for (int i = 0; i < COUNT; i++) {
                confirms.add(numbers.sendAsync("v.numbers", i));
            }
            assertThat(CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new))).succeedsWithin(Duration.ofSeconds(60));
            seen.await(COUNT, Duration.ofSeconds(90));
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("concurrency %d: %d messages published and consumed in %.1f s (%.0f msg/s)%n",
                    concurrency, COUNT, seconds, COUNT / seconds);
            // nothing more trickles in: no duplicates
            Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> seen.received().size() == COUNT);
            List<Integer> got = seen.bodies().stream().map(Integer::valueOf).toList();
            assertThat(new HashSet<>(got)).hasSize(COUNT);
            if (concurrency == 1) {
                assertThat(got).isEqualTo(IntStream.range(0, COUNT).boxed().toList());
            } else {
                assertThat(got).containsExactlyInAnyOrderElementsOf(IntStream.range(0, COUNT).boxed().toList());
            }
        }
    }
}
