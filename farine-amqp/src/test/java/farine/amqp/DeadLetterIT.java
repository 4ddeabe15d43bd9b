package farine.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.Container;
import farine.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A failing message is retried with backoff, then dead-lettered with its error; bodies that cannot bind go there at once. */
@Tag("broker")
@ExtendWith(Rabbit.Vhost.class)
class DeadLetterIT {

    public record Order(String id, int quantity) {
    }

    public static final class Stock {
        private final Publisher seen;

        public Stock(@Publish(exchange = "d-seen", routingKey = "stock") Publisher seen) {
            this.seen = seen;
        }

        @Consume(exchange = "d-orders", routingKey = "d.reserve")
        public void reserve(Order order, Message message) {
            seen.send(order.id() + " attempt " + message.retries());
            if (order.id().startsWith("bad")) {
                throw new IllegalStateException("no stock for " + order.id());
            }
            if (order.id().startsWith("flaky") && message.retries() < 2) {
                throw new IllegalStateException("try again");
            }
            if (order.id().startsWith("interrupted") && message.retries() < 1) {
                // the common pattern: restore the flag, throw unchecked
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reserving");
            }
            seen.send(order.id() + " done");
        }
    }

    private final Rabbit rabbit;

    DeadLetterIT(Rabbit rabbit) {
        this.rabbit = rabbit;
    }

    @BeforeEach
    void emptyQueues() throws Exception {
        rabbit.delete("d.reserve");
    }

    private static AMQP.BasicProperties props(Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder().contentType("application/json").contentEncoding("utf-8").deliveryMode(2)
                .correlationId("corr-1").messageId("msg-1").headers(headers).build();
    }

    private static void publish(Channel ch, String body, Map<String, Object> headers) throws Exception {
        ch.basicPublish("d-orders", "d.reserve", props(headers), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMessageThatKeepsFailingIsRetriedThenDeadLetteredWithTheErrorAndEverythingItCarried() throws Exception {
        try (LogCapture logs = new LogCapture();
             Sink seen = Sink.bound(rabbit, "d-seen", "stock");
             Sink dead = Sink.queue(rabbit, "d.reserve.dead");
             Container container = Container.create(rabbit.config(), List.of(Stock.class));
             Connection c = rabbit.connect(); Channel ch = c.createChannel()) {
            container.start();
            Instant before = Instant.now();
            publish(ch, "{\"id\":\"bad-1\",\"quantity\":2}", Map.of("tenant", "acme"));
            Sink.Received letter = dead.await(1).getFirst();

            assertThat(seen.await(4).stream().map(Sink.Received::body)).containsExactly(
                    "\"bad-1 attempt 0\"", "\"bad-1 attempt 1\"", "\"bad-1 attempt 2\"", "\"bad-1 attempt 3\"");
            assertThat(letter.body()).isEqualTo("{\"id\":\"bad-1\",\"quantity\":2}");
            assertThat(letter.properties().getCorrelationId()).isEqualTo("corr-1");
            assertThat(letter.properties().getMessageId()).isEqualTo("msg-1");
            assertThat(letter.properties().getContentType()).isEqualTo("application/json");
            assertThat(letter.properties().getDeliveryMode()).isEqualTo(2);
            assertThat(letter.header("tenant")).isEqualTo("acme");
            assertThat(letter.header("x-farine-error")).isEqualTo("java.lang.IllegalStateException: no stock for bad-1");
            assertThat(Instant.parse(letter.header("x-farine-failed-at"))).isAfterOrEqualTo(before.minusSeconds(1));
            assertThat(letter.header("x-farine-service")).isEqualTo("stock");
            assertThat(letter.header("x-farine-method")).isEqualTo("reserve");
            assertThat(letter.header("x-farine-retries")).isEqualTo("3");
            assertThat(letter.header("x-farine-exchange")).isEqualTo("d-orders");
            assertThat(letter.header("x-farine-routing-key")).isEqualTo("d.reserve");
            assertThat(depth("d.reserve")).isZero();

            // one WARN line per attempt, the stack trace once, when it is dead-lettered
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !logs.lines("ERROR", "dead-lettering").isEmpty());
            assertThat(logs.lines("WARN", "stock.reserve failed")).hasSize(4);
            assertThat(logs.lines("INFO", "stock.reserve: retry")).containsExactly(
                    "INFO stock.reserve: retry 1 of 3 in 20 ms", "INFO stock.reserve: retry 2 of 3 in 40 ms",
                    "INFO stock.reserve: retry 3 of 3 in 80 ms");
            assertThat(logs.lines("ERROR", "")).containsExactly(
                    "ERROR stock.reserve: message failed after 3 retries; dead-lettering it to 'd.reserve.dead'");
            assertThat(logs.withStackTrace()).isEqualTo(1);
        }
    }

    @Test
    void aMethodInterruptedWhileTheServiceRunsIsRetriedNotLeftUnacked() throws Exception {
        try (Sink seen = Sink.bound(rabbit, "d-seen", "stock");
             Container container = Container.create(rabbit.config(), List.of(Stock.class));
             Connection c = rabbit.connect(); Channel ch = c.createChannel()) {
            container.start();
            publish(ch, "{\"id\":\"interrupted-1\",\"quantity\":1}", Map.of());
            seen.await(3);
            assertThat(seen.bodies()).containsExactly("\"interrupted-1 attempt 0\"", "\"interrupted-1 attempt 1\"", "\"interrupted-1 done\"");
            assertThat(depth("d.reserve.dead")).isZero();
        }
    }

    @Test
    void aMessageThatSucceedsOnARetryIsNotDeadLettered() throws Exception {
        try (Sink seen = Sink.bound(rabbit, "d-seen", "stock");
             Container container = Container.create(rabbit.config(), List.of(Stock.class));
             Connection c = rabbit.connect(); Channel ch = c.createChannel()) {
            container.start();
            publish(ch, "{\"id\":\"flaky-1\",\"quantity\":1}", Map.of());
            seen.await(4);
            assertThat(seen.bodies()).containsExactly("\"flaky-1 attempt 0\"", "\"flaky-1 attempt 1\"", "\"flaky-1 attempt 2\"", "\"flaky-1 done\"");
            assertThat(depth("d.reserve.dead")).isZero();
        }
    }

    @Test
    void withRetriesZeroTheFirstFailureIsDeadLettered() throws Exception {
        try (Sink seen = Sink.bound(rabbit, "d-seen", "stock");
             Sink dead = Sink.queue(rabbit, "d.reserve.dead");
             Container container = Container.create(rabbit.config(Map.of("stock", Map.of("retries", "0"))), List.of(Stock.class));
             Connection c = rabbit.connect(); Channel ch = c.createChannel()) {
            container.start();
            publish(ch, "{\"id\":\"bad-2\",\"quantity\":1}", Map.of());
            assertThat(dead.await(1).getFirst().header("x-farine-error")).isEqualTo("java.lang.IllegalStateException: no stock for bad-2");
            assertThat(seen.bodies()).containsExactly("\"bad-2 attempt 0\"");
        }
    }

    @Test
    void aBodyOverItsJsonTokenBudgetIsDeadLetteredAtOnceAndOneWithinItIsConsumed() throws Exception {
        try (Sink seen = Sink.bound(rabbit, "d-seen", "stock");
             Sink dead = Sink.queue(rabbit, "d.reserve.dead");
             Container container = Container.create(rabbit.config(Map.of("stock", Map.of("max_json_tokens", "100"))), List.of(Stock.class));
             Connection c = rabbit.connect(); Channel ch = c.createChannel()) {
            container.start();
            // the unknown property would be ignored by the binding, but it has to be parsed first
            publish(ch, "{\"id\":\"costly\",\"quantity\":1,\"extra\":[" + "{},".repeat(60) + "{}]}", Map.of());
            publish(ch, "{\"id\":\"cheap\",\"quantity\":1,\"extra\":[" + "{},".repeat(30) + "{}]}", Map.of());

            Sink.Received letter = dead.await(1).getFirst();
            assertThat(letter.header("x-farine-error")).isEqualTo("message too costly to parse: more than max_json_tokens = 100 JSON tokens");
            assertThat(letter.headers()).doesNotContainKey("x-farine-retries");
            assertThat(seen.await(2).stream().map(Sink.Received::body)).containsExactly("\"cheap attempt 0\"", "\"cheap done\"");
        }
    }

    @Test
    void bodiesThatAreNotJsonOrNotTheRightShapeAreDeadLetteredAtOnceAndTheConsumerCarriesOn() throws Exception {
        try (Sink seen = Sink.bound(rabbit, "d-seen", "stock");
             Sink dead = Sink.queue(rabbit, "d.reserve.dead");
             Container container = Container.create(rabbit.config(), List.of(Stock.class));
             Connection c = rabbit.connect(); Channel ch = c.createChannel()) {
            container.start();
            publish(ch, "{not json", Map.of("tenant", "acme"));
            publish(ch, "[1, 2]", Map.of());
            publish(ch, "{\"id\":\"x\",\"quantity\":\"many\"}", Map.of());
            publish(ch, "", Map.of());
            publish(ch, "null", Map.of());
            publish(ch, "{\"id\":\"y\",\"quantity\":1.5}", Map.of());
            publish(ch, "{\"id\":\"good\",\"quantity\":1}", Map.of());

            List<Sink.Received> letters = dead.await(6);
            assertThat(letters).extracting(Sink.Received::body).containsExactly("{not json", "[1, 2]", "{\"id\":\"x\",\"quantity\":\"many\"}", "",
                    "null", "{\"id\":\"y\",\"quantity\":1.5}");
            assertThat(letters.get(0).header("x-farine-error")).startsWith("body is not valid JSON: ");
            assertThat(letters.get(0).header("tenant")).isEqualTo("acme");
            assertThat(letters.get(1).header("x-farine-error")).startsWith("body does not bind to farine.amqp.DeadLetterIT$Order");
            assertThat(letters.get(2).header("x-farine-error")).startsWith("body does not bind to farine.amqp.DeadLetterIT$Order");
            assertThat(letters.get(3).header("x-farine-error")).isEqualTo("body is empty, expected JSON");
            assertThat(letters.get(4).header("x-farine-error")).isEqualTo("body is JSON null, which does not bind to farine.amqp.DeadLetterIT$Order");
            // no narrowing: 1.5 is no int
            assertThat(letters.get(5).header("x-farine-error")).startsWith("body does not bind to farine.amqp.DeadLetterIT$Order");
            assertThat(letters).allSatisfy(l -> {
                assertThat(l.header("x-farine-service")).isEqualTo("stock");
                assertThat(l.header("x-farine-failed-at")).isNotNull();
                assertThat(l.headers()).doesNotContainKey("x-farine-retries");
            });
            // never retried: the method saw only the good one
            assertThat(seen.await(2).stream().map(Sink.Received::body)).containsExactly("\"good attempt 0\"", "\"good done\"");
        }
    }

    @Test
    void aMessageOverMaxMessageSizeIsDeadLetteredAtOnceUnparsedAndTheConsumerCarriesOn() throws Exception {
        int limit = 1024;
        String big = "{\"id\":\"big\",\"quantity\":1,\"note\":\"" + "x".repeat(limit) + "\"}";
        String atLimit = "{\"id\":\"fits\",\"quantity\":1,\"note\":\"\"}";
        atLimit = atLimit.replace("\"note\":\"\"", "\"note\":\"" + "y".repeat(limit - atLimit.length()) + "\"");
        try (LogCapture logs = new LogCapture();
             Sink seen = Sink.bound(rabbit, "d-seen", "stock");
             Sink dead = Sink.queue(rabbit, "d.reserve.dead");
             Container container = Container.create(rabbit.config(Map.of("stock", Map.of("max_message_size", String.valueOf(limit)))),
                     List.of(Stock.class));
             Connection c = rabbit.connect(); Channel ch = c.createChannel()) {
            container.start();
            publish(ch, big, Map.of("tenant", "acme"));
            publish(ch, atLimit, Map.of());
            publish(ch, "{\"id\":\"good\",\"quantity\":1}", Map.of());

            Sink.Received letter = dead.await(1).getFirst();
            int size = big.getBytes(StandardCharsets.UTF_8).length;
            assertThat(letter.body()).isEqualTo(big);
            assertThat(letter.header("x-farine-error")).isEqualTo("message of " + size + " bytes exceeds max_message_size = " + limit + " bytes");
            assertThat(letter.header("x-farine-service")).isEqualTo("stock");
            assertThat(letter.header("x-farine-method")).isEqualTo("reserve");
            assertThat(letter.header("x-farine-queue")).isEqualTo("d.reserve");
            assertThat(letter.header("tenant")).isEqualTo("acme");
            assertThat(letter.headers()).doesNotContainKey("x-farine-retries");
            // never retried, never run: the method saw only the two that fit, in order
            assertThat(seen.await(4).stream().map(Sink.Received::body)).containsExactly(
                    "\"fits attempt 0\"", "\"fits done\"", "\"good attempt 0\"", "\"good done\"");
            assertThat(logs.lines("WARN", "message too large")).singleElement().satisfies(line -> assertThat(line)
                    .contains("stock.reserve", "delivery_tag=", "correlation_id=corr-1", size + " bytes",
                            "max_message_size " + limit + " bytes", "'d.reserve.dead'"));
            assertThat(depth("d.reserve")).isZero();
            assertThat(dead.bodies()).hasSize(1);
        }
    }

    @Test
    void aDeletedDeadLetterQueueIsDeclaredAgainRatherThanLosingTheMessage() throws Exception {
        try (Container container = Container.create(rabbit.config(Map.of("stock", Map.of("retries", "0"))), List.of(Stock.class));
             Connection c = rabbit.connect(); Channel ch = c.createChannel()) {
            container.start();
            ch.queueDelete("d.reserve.dead");
            publish(ch, "{\"id\":\"bad-3\",\"quantity\":1}", Map.of());
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> depthOrMinusOne("d.reserve.dead") == 1);
            assertThat(ch.basicGet("d.reserve.dead", true).getProps().getHeaders()).doesNotContainKey("x-farine-publish-seq");
        }
    }

    @Test
    void withoutAutoDeclareAMissingDeadLetterQueueKeepsTheMessageInItsQueueUntilItExists() throws Exception {
        try (LogCapture logs = new LogCapture();
             Connection c = rabbit.connect(); Channel ch = c.createChannel()) {
            ch.exchangeDeclare("d-orders", "direct", true, false, null);
            ch.queueDeclare("d.reserve", true, false, false, null);
            ch.queueBind("d.reserve", "d-orders", "d.reserve");
            ch.queueDelete("d.reserve.dead");
            try (Container container = Container.create(rabbit.config(Map.of("stock", Map.of("retries", "0", "auto_declare", "false"))),
                    List.of(Stock.class))) {
                container.start();
                publish(ch, "{\"id\":\"bad-4\",\"quantity\":1}", Map.of());
                Awaitility.await().atMost(Duration.ofSeconds(20))
                        .until(() -> !logs.lines("ERROR", "cannot dead-letter to 'd.reserve.dead'").isEmpty());
                assertThat(logs.lines("ERROR", "cannot dead-letter").getFirst()).contains("unroutable").contains("goes back to the queue in 1000 ms");
                ch.queueDeclare("d.reserve.dead", true, false, false, null);
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> depth("d.reserve.dead") == 1);
                assertThat(depth("d.reserve")).isZero();
            }
        }
    }

    private int depthOrMinusOne(String queue) throws Exception {
        try {
            return depth(queue);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private int depth(String queue) throws Exception {
        try (Connection c = rabbit.connect(); Channel ch = c.createChannel()) {
            return ch.queueDeclarePassive(queue).getMessageCount();
        }
    }
}
