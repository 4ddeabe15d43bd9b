package farine.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.Config;
import farine.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Publisher confirms: what {@code send} and {@code sendAsync} promise, and how they fail. */
@Tag("broker")
@ExtendWith(Rabbit.Vhost.class)
class PublishIT {

    private final Rabbit rabbit;

    PublishIT(Rabbit rabbit) {
        this.rabbit = rabbit;
    }

    private Publisher.Standalone publisher(String exchange, String... keyValues) {
        return Publisher.connect(section(rabbit.uri(), keyValues), exchange);
    }

    private farine.ConfigSection section(String uri, String... keyValues) {
        Map<String, String> values = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        values.put("amqp_uri", uri);
        return Config.of(Map.of("p-test", values)).section("p-test");
    }

    private void queue(String name, String exchange, Map<String, Object> args) throws Exception {
        try (Connection c = rabbit.connect(); Channel ch = c.createChannel()) {
            ch.exchangeDeclare(exchange, "direct", true, false, null);
            ch.queueDelete(name);
            ch.queueDeclare(name, true, false, false, args);
            ch.queueBind(name, exchange, name);
        }
    }

    private int depth(String queue) throws Exception {
        try (Connection c = rabbit.connect(); Channel ch = c.createChannel()) {
            return ch.queueDeclarePassive(queue).getMessageCount();
        }
    }

    @Test
    void sendReturnsOnceTheBrokerHasTheMessage() throws Exception {
        queue("p.confirmed", "p-confirmed", null);
        try (Publisher.Standalone p = publisher("p-confirmed")) {
            p.send("p.confirmed", Map.of("n", 1));
            // confirmed means enqueued: no waiting needed
            assertThat(depth("p.confirmed")).isEqualTo(1);
        }
    }

    @Test
    void sendAsyncConfirmsThousandsWithoutWaitingForEach() throws Exception {
        queue("p.async", "p-async", null);
        try (Publisher.Standalone p = publisher("p-async")) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                futures.add(p.sendAsync("p.async", i));
            }
            assertThat(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))).succeedsWithin(Duration.ofSeconds(30));
            assertThat(depth("p.async")).isEqualTo(2000);
        }
    }

    @Test
    void aMessageTheBrokerNacksFailsWithExchangeKeyAndReasonAfterTheRetries() throws Exception {
        // a full queue that rejects publishes makes the broker nack them
        queue("p.full", "p-full", Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
        try (Publisher.Standalone p = publisher("p-full", "publish_retries", "2", "publish_retry_delay", "10ms")) {
            p.send("p.full", "fits");
            assertThatThrownBy(() -> p.send("p.full", "does not fit"))
                    .isInstanceOfSatisfying(PublishException.class, e -> {
                        assertThat(e.exchange()).isEqualTo("p-full");
                        assertThat(e.routingKey()).isEqualTo("p.full");
                        assertThat(e.reason()).isEqualTo("nacked by the broker (after 2 retries)");
                    })
                    .hasMessage("publish to exchange 'p-full' with routing key 'p.full' failed: nacked by the broker (after 2 retries)");
            CompletableFuture<Void> async = p.sendAsync("p.full", "nor this");
            assertThat(async).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause().isInstanceOf(PublishException.class);
            // the publisher still works once there is room
            try (Connection c = rabbit.connect(); Channel ch = c.createChannel()) {
                ch.queuePurge("p.full");
            }
            p.send("p.full", "fits again");
        }
    }

    @Test
    void withConfirmFalseASendIsDoneOnceWrittenSoANackedMessageIsLostWithoutAWord() throws Exception {
        queue("p.full3", "p-full3", Map.of("x-max-length", 0, "x-overflow", "reject-publish"));
        queue("p.fire", "p-full3", null);
        try (Publisher.Standalone p = publisher("p-full3", "confirm", "false")) {
            // with confirms this send fails after its retries (the test above); without, nobody asks
            p.send("p.full3", Map.of("n", 1));
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                futures.add(p.sendAsync("p.fire", i));
            }
            assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted());
            await().atMost(Duration.ofSeconds(10)).until(() -> depth("p.fire") == 500);
            assertThat(depth("p.full3")).isZero();
        }
    }

    @Test
    void retryFalseGivesUpAtTheFirstNack() throws Exception {
        queue("p.full2", "p-full2", Map.of("x-max-length", 0, "x-overflow", "reject-publish"));
        try (Publisher.Standalone p = publisher("p-full2", "retry", "false")) {
            assertThatThrownBy(() -> p.send("p.full2", "x"))
                    .isInstanceOf(PublishException.class)
                    .hasMessageEndingWith("failed: nacked by the broker");
        }
    }

    @Test
    void aMissingExchangeFailsWithTheBrokersReasonAndThePublisherRecovers() throws Exception {
        try (Publisher.Standalone p = publisher("p-gone", "publish_retries", "1", "publish_retry_delay", "10ms")) {
            try (Connection c = rabbit.connect(); Channel ch = c.createChannel()) {
                ch.exchangeDelete("p-gone");
            }
            assertThatThrownBy(() -> p.send("k", "x"))
                    .isInstanceOfSatisfying(PublishException.class, e -> {
                        assertThat(e.exchange()).isEqualTo("p-gone");
                        assertThat(e.reason()).contains("NOT_FOUND").contains("p-gone").contains("after 1 retries");
                    });
            queue("p.back", "p-gone", null);
            p.send("p.back", "x");
            assertThat(depth("p.back")).isEqualTo(1);
        }
    }

    @Test
    void anUnroutableMandatoryMessageIsReported() throws Exception {
        try (Publisher.Standalone p = publisher("p-mandatory", "mandatory", "true")) {
            assertThatThrownBy(() -> p.send("nobody.listens", "x"))
                    .isInstanceOfSatisfying(PublishException.class, e -> {
                        assertThat(e.routingKey()).isEqualTo("nobody.listens");
                        assertThat(e.reason()).isEqualTo("unroutable (312 NO_ROUTE): no queue is bound for it");
                    });
            queue("p.someone", "p-mandatory", null);
            p.send("p.someone", "x");
            assertThat(depth("p.someone")).isEqualTo(1);
        }
    }

    @Test
    void withoutMandatoryAnUnroutableMessageIsConfirmedAndGone() {
        try (Publisher.Standalone p = publisher("p-optional")) {
            p.send("nobody.listens", "x");
        }
    }

    @Test
    void publishingWhileTheConnectionRecoversWaits() throws Exception {
        queue("p.recover", "p-recover", null);
        try (TcpProxy proxy = TcpProxy.toBroker();
             Publisher.Standalone p = Publisher.connect(section(proxy.uri(rabbit), "publish_timeout", "30"), "p-recover")) {
            p.send("p.recover", "before");
            proxy.cut();
            CompletableFuture<Void> during = CompletableFuture.runAsync(() -> p.send("p.recover", "during"));
            // the outage the publisher has to ride out: the send keeps waiting all through it
            org.awaitility.Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .until(() -> !during.isDone());
            proxy.resume();
            assertThat(during).succeedsWithin(Duration.ofSeconds(20));
            assertThat(depth("p.recover")).isEqualTo(2);
        }
    }

    @Test
    void publishingGivesUpWhenTheConnectionDoesNotComeBackWithinPublishTimeout() throws Exception {
        try (LogCapture logs = new LogCapture();
             TcpProxy proxy = TcpProxy.toBroker();
             Publisher.Standalone p = Publisher.connect(section(proxy.uri(rabbit), "publish_timeout", "1s"), "p-timeout")) {
            proxy.cut();
            assertThatThrownBy(() -> p.send("k", "x"))
                    .isInstanceOfSatisfying(PublishException.class, e -> assertThat(e.reason()).contains("publish_timeout 1000 ms"));
            // the outage is reported while it lasts, not only when it ends
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !logs.lines("WARN", "still cannot reach").isEmpty());
            assertThat(logs.lines("WARN", "still cannot reach").getFirst())
                    .contains("amqp://guest:****@127.0.0.1:" + proxy.port()).contains("Connection refused").contains("retrying every 1000 ms");
        }
    }

    @Test
    void sendAsyncPastMaxUnconfirmedWaitsForAConfirm() throws Exception {
        queue("p.window", "p-window", null);
        try (TcpProxy proxy = TcpProxy.toBroker();
             Publisher.Standalone p = Publisher.connect(section(proxy.uri(rabbit), "max_unconfirmed", "2", "publish_timeout", "30"), "p-window")) {
            p.send("p.window", "connected");
            proxy.holdReplies();
            CompletableFuture<Void> a = p.sendAsync("p.window", "a");
            CompletableFuture<Void> b = p.sendAsync("p.window", "b");
            CompletableFuture<CompletableFuture<Void>> third = CompletableFuture.supplyAsync(() -> p.sendAsync("p.window", "c"));
            // two messages await their confirm: the third send waits for a place, not in a queue of its own
            org.awaitility.Awaitility.await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5)).until(() -> !third.isDone());
            proxy.releaseReplies();
            assertThat(third).succeedsWithin(Duration.ofSeconds(10));
            assertThat(CompletableFuture.allOf(a, b, third.join())).succeedsWithin(Duration.ofSeconds(10));
            assertThat(depth("p.window")).isEqualTo(4);
        }
    }

    @Test
    void sendAsyncPastMaxUnconfirmedFailsWhenNoConfirmComesWithinPublishTimeout() throws Exception {
        try (TcpProxy proxy = TcpProxy.toBroker();
             Publisher.Standalone p = Publisher.connect(section(proxy.uri(rabbit), "max_unconfirmed", "1", "publish_timeout", "1s"), "p-window-full")) {
            p.send("k", "connected");
            proxy.holdReplies();
            CompletableFuture<Void> first = p.sendAsync("k", "a");
            CompletableFuture<Void> second = p.sendAsync("k", "b");
            assertThat(second).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause()
                    .isInstanceOfSatisfying(PublishException.class, e -> assertThat(e.reason()).isEqualTo("1 messages (max_unconfirmed) were"
                            + " awaiting the broker's confirm and none was confirmed within publish_timeout 1000 ms"));
            proxy.releaseReplies();
            // the first is confirmed late or failed at its deadline (whichever the channel's sweep meets first): never left pending
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(first::isDone);
        }
    }
}
