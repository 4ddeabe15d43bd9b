package farine.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.Container;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

/** Stopping during slow work: what runs finishes (or is redelivered), what waits stays in the queue; nothing is lost. */
@Tag("broker")
@ExtendWith(Rabbit.Vhost.class)
class StopIT {

    public static final class Slow {
        /** Opened by the test when the work in flight may finish; closed again before each test. */
        static volatile CountDownLatch gate = new CountDownLatch(1);

        private final Publisher seen;

        public Slow(@Publish(exchange = "s-seen", routingKey = "slow") Publisher seen) {
            this.seen = seen;
        }

        @Consume(exchange = "s-work", routingKey = "s.work")
        public void work(int n) throws InterruptedException {
            seen.send("start " + n);
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate of work " + n);
            }
            seen.send("done " + n);
        }
    }

    private final Rabbit rabbit;

    StopIT(Rabbit rabbit) {
        this.rabbit = rabbit;
    }

    @BeforeEach
    void closeGate() {
        Slow.gate = new CountDownLatch(1);
    }

    /** Concurrency 1 runs each message on the client's delivery thread, more on workers: both must stop alike. */
    private Container slow(int concurrency, String shutdownTimeout) {
        return Container.create(rabbit.config(Map.of("slow",
                        Map.of("concurrency", Integer.toString(concurrency), "shutdown_timeout", shutdownTimeout))),
                List.of(Slow.class));
    }

    @ParameterizedTest(name = "concurrency {0}")
    @ValueSource(ints = {1, 2})
    void inFlightWorkFinishesAndWaitingMessagesStayInTheQueue(int concurrency) throws Exception {
        rabbit.delete("s.work");
        try (Sink seen = Sink.bound(rabbit, "s-seen", "slow");
             Publisher.Standalone work = Publisher.connect(rabbit.config().section("s-test"), "s-work")) {
            Container first = slow(concurrency, "10s");
            first.start();
            for (int i = 0; i < 6; i++) {
                work.send("s.work", i);
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> startCount(seen) == concurrency);
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(first::stop);
            // the stop waits for the two in flight ...
            Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !stopping.isDone());
            Slow.gate.countDown();
            stopping.get(10, TimeUnit.SECONDS);
            // ... which finished before the stop returned; the others were never started
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                expected.addAll(List.of("\"start " + i + "\"", "\"done " + i + "\""));
            }
            assertThat(seen.bodies()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(depth("s.work")).isEqualTo(6 - concurrency);

            try (Container second = slow(concurrency, "10s")) {
                second.start();
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> doneCount(seen) == 6);
            }
            assertThat(depth("s.work")).isZero();
        }
    }

    @ParameterizedTest(name = "concurrency {0}")
    @ValueSource(ints = {1, 2})
    void workStillRunningAtTheShutdownTimeoutIsInterruptedAndDeliveredAgain(int concurrency) throws Exception {
        rabbit.delete("s.work");
        try (Sink seen = Sink.bound(rabbit, "s-seen", "slow");
             Publisher.Standalone work = Publisher.connect(rabbit.config().section("s-test"), "s-work")) {
            Container first = slow(concurrency, "100ms");
            first.start();
            for (int i = 0; i < 4; i++) {
                work.send("s.work", i);
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> startCount(seen) == concurrency);
            first.stop(); // the gate stays closed: what runs is still running at the 100 ms shutdown timeout
            assertThat(seen.bodies()).noneMatch(b -> b.contains("done"));
            assertThat(depth("s.work")).isEqualTo(4);

            Slow.gate.countDown();
            try (Container second = slow(concurrency, "10s")) {
                second.start();
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> doneCount(seen) == 4);
            }
        }
    }

    private static long startCount(Sink seen) {
        return seen.bodies().stream().filter(b -> b.contains("start")).count();
    }

    private static long doneCount(Sink seen) {
        return new HashSet<>(seen.bodies()).stream().filter(b -> b.contains("done")).count();
    }

    private int depth(String queue) throws Exception {
        try (Connection c = rabbit.connect(); Channel ch = c.createChannel()) {
            return ch.queueDeclarePassive(queue).getMessageCount();
        }
    }
}
