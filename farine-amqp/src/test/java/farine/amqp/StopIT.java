package farine.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.Container;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
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

    private Container slow(String shutdownTimeout) {
        return Container.create(rabbit.config(Map.of("slow", Map.of("concurrency", "2", "shutdown_timeout", shutdownTimeout))),
                List.of(Slow.class));
    }

    @Test
    void inFlightWorkFinishesAndWaitingMessagesStayInTheQueue() throws Exception {
        rabbit.delete("s.work");
        try (Sink seen = Sink.bound(rabbit, "s-seen", "slow");
             Publisher.Standalone work = Publisher.connect(rabbit.config().section("s-test"), "s-work")) {
            Container first = slow("10s");
            first.start();
            for (int i = 0; i < 6; i++) {
                work.send("s.work", i);
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.bodies().stream().filter(b -> b.contains("start")).count() == 2);
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(first::stop);
            // the stop waits for the two in flight ...
            Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !stopping.isDone());
            Slow.gate.countDown();
            stopping.get(10, TimeUnit.SECONDS);
            // ... which finished before the stop returned; the other four were never started
            assertThat(seen.bodies()).containsExactlyInAnyOrder("\"start 0\"", "\"start 1\"", "\"done 0\"", "\"done 1\"");
            assertThat(depth("s.work")).isEqualTo(4);

            try (Container second = slow("10s")) {
                second.start();
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> doneCount(seen) == 6);
            }
            assertThat(depth("s.work")).isZero();
        }
    }

    @Test
    void workStillRunningAtTheShutdownTimeoutIsInterruptedAndDeliveredAgain() throws Exception {
        rabbit.delete("s.work");
        try (Sink seen = Sink.bound(rabbit, "s-seen", "slow");
             Publisher.Standalone work = Publisher.connect(rabbit.config().section("s-test"), "s-work")) {
            Container first = slow("100ms");
            first.start();
            for (int i = 0; i < 4; i++) {
                work.send("s.work", i);
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.bodies().stream().filter(b -> b.contains("start")).count() == 2);
            first.stop(); // the gate stays closed: both are still running at the 100 ms shutdown timeout
            assertThat(seen.bodies()).noneMatch(b -> b.contains("done"));
            assertThat(depth("s.work")).isEqualTo(4);

            Slow.gate.countDown();
            try (Container second = slow("10s")) {
                second.start();
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> doneCount(seen) == 4);
            }
        }
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
