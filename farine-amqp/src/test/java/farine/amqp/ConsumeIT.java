package farine.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.Container;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** Publish -> consume through farine on both ends: every exchange type, every body type, headers, manual ack. */
@Tag("broker")
@ExtendWith(Rabbit.Vhost.class)
class ConsumeIT {

    public record Order(String id, int quantity) {
    }

    public static final class Item {
        public String sku;
        public List<String> tags;
    }

    public static final class Typed {
        private final Publisher seen;

        public Typed(@Publish(exchange = "c-seen", routingKey = "typed") Publisher seen) {
            this.seen = seen;
        }

        @Consume(exchange = "c-typed", routingKey = "c.record")
        public void record(Order order) {
            seen.send("record " + order);
        }

        @Consume(exchange = "c-typed", routingKey = "c.pojo")
        public void pojo(Item item) {
            seen.send("pojo " + item.sku + " " + item.tags);
        }

        @Consume(exchange = "c-typed", routingKey = "c.map")
        public void map(Map<String, Integer> counts) {
            seen.send("map " + new TreeMap<>(counts) + " " + counts.values().iterator().next().getClass().getSimpleName());
        }

        @Consume(exchange = "c-typed", routingKey = "c.list")
        public void list(List<Order> orders) {
            seen.send("list " + orders);
        }

        @Consume(exchange = "c-typed", routingKey = "c.tree")
        public void tree(JsonNode tree) {
            seen.send("tree " + tree.get("nested").get("n").asInt());
        }

        @Consume(exchange = "c-typed", routingKey = "c.text")
        public void text(String text) {
            seen.send("text " + text);
        }

        @Consume(exchange = "c-typed", routingKey = "c.raw")
        public void raw(byte[] raw) {
            seen.send("raw " + raw.length);
        }

        @Consume(exchange = "c-typed", routingKey = "c.headers")
        public void headers(String text, Message message) {
            seen.send("headers " + text + " tenant=" + message.headers().get("tenant") + " n=" + message.headers().get("n")
                    + " exchange=" + message.exchange() + " key=" + message.routingKey() + " redelivered=" + message.redelivered()
                    + " type=" + message.properties().getContentType() + " retries=" + message.retries());
        }
    }

    public static final class Manual {
        private final Publisher seen;

        public Manual(@Publish(exchange = "c-seen", routingKey = "manual") Publisher seen) {
            this.seen = seen;
        }

        @Consume(exchange = "c-manual", routingKey = "c.manual")
        public void handle(String what, Message message) {
            switch (what) {
                case "ack-then-throw" -> {
                    message.ack();
                    seen.send("acked");
                    throw new IllegalStateException("after the ack: farine must not retry this");
                }
                case "requeue-once" -> {
                    if (!message.redelivered()) {
                        seen.send("requeued");
                        message.nack(true);
                    } else {
                        seen.send("redelivered");
                        message.ack();
                    }
                }
                case "drop" -> {
                    message.nack(false);
                    seen.send("dropped");
                }
                default -> seen.send("auto " + what);
            }
        }
    }

    public static final class Kinds {
        private final Publisher seen;

        public Kinds(@Publish(exchange = "c-seen", routingKey = "kinds") Publisher seen) {
            this.seen = seen;
        }

        @Consume(exchange = "c-direct", routingKey = "c.direct")
        public void direct(String text) {
            seen.send("direct " + text);
        }

        @Consume(exchange = "c-topic", routingKey = "c.topic.*", queue = "c-topic-q", type = ExchangeType.TOPIC)
        public void topic(String text, Message m) {
            seen.send("topic " + m.routingKey() + " " + text);
        }

        @Consume(exchange = "c-fanout", routingKey = "c-fanout-1", type = ExchangeType.FANOUT)
        public void fanout1(String text) {
            seen.send("fanout1 " + text);
        }

        @Consume(exchange = "c-fanout", routingKey = "c-fanout-2", type = ExchangeType.FANOUT)
        public void fanout2(String text) {
            seen.send("fanout2 " + text);
        }

        @Consume(exchange = "c-headers", routingKey = "c-headers-q", type = ExchangeType.HEADERS, bindingHeaders = {"kind=refund"})
        public void headers(String text) {
            seen.send("headers " + text);
        }
    }

    private final Rabbit rabbit;

    ConsumeIT(Rabbit rabbit) {
        this.rabbit = rabbit;
    }

    private Publisher.Standalone publisher(String exchange, String type) {
        return Publisher.connect(rabbit.config(Map.of("test-pub", Map.of("type", type))).section("test-pub"), exchange);
    }

    @Test
    void everyBodyTypeBindsAsJacksonReadsIt() throws Exception {
        try (Sink seen = Sink.bound(rabbit, "c-seen", "typed");
             Container container = Container.create(rabbit.config(), List.of(Typed.class));
             Publisher.Standalone typed = publisher("c-typed", "direct")) {
            container.start();
            typed.send("c.record", new Order("o1", 2));
            typed.send("c.pojo", Map.of("sku", "s-9", "tags", List.of("red", "big"), "unknown", true));
            typed.send("c.map", Map.of("a", 1, "b", 2));
            typed.send("c.list", List.of(new Order("x", 1), new Order("y", 3)));
            typed.send("c.tree", Map.of("nested", Map.of("n", 42)));
            typed.send("c.text", "héllo");
            typed.send("c.raw", new byte[] {1, 2, 3, (byte) 0xff});
            seen.await(7);
            assertThat(seen.bodies()).containsExactlyInAnyOrder(
                    "\"record Order[id=o1, quantity=2]\"",
                    "\"pojo s-9 [red, big]\"",
                    "\"map {a=1, b=2} Integer\"",
                    "\"list [Order[id=x, quantity=1], Order[id=y, quantity=3]]\"",
                    "\"tree 42\"",
                    "\"text héllo\"",
                    "\"raw 4\"");
        }
    }

    @Test
    void namesInTheIniFileOverrideTheAnnotationsPerMethodAndPerPublisherParameter() throws Exception {
        Map<String, String> renamed = Map.of("text.exchange", "c-renamed", "text.routing_key", "c.renamed",
                "seen.exchange", "c-seen-renamed", "seen.routing_key", "renamed");
        try (Sink seen = Sink.bound(rabbit, "c-seen-renamed", "renamed");
             Container container = Container.create(rabbit.config(Map.of("typed", renamed)), List.of(Typed.class));
             Publisher.Standalone in = publisher("c-renamed", "direct")) {
            container.start();
            assertThat(container.describe().getFirst()).contains("consume c-renamed(direct, c.renamed)").contains("consume c-typed(direct, c.raw)");
            in.send("c.renamed", "hi");
            assertThat(seen.await(1).getFirst().body()).isEqualTo("\"text hi\"");
        }
    }

    @Test
    void theMessageCarriesHeadersPropertiesAndWhereItCameFrom() throws Exception {
        try (Sink seen = Sink.bound(rabbit, "c-seen", "typed");
             Container container = Container.create(rabbit.config(), List.of(Typed.class));
             Publisher.Standalone typed = publisher("c-typed", "direct")) {
            container.start();
            typed.send(Outgoing.of("hi").routingKey("c.headers").header("tenant", "acme").header("n", 7));
            assertThat(seen.await(1).getFirst().body()).isEqualTo(
                    "\"headers hi tenant=acme n=7 exchange=c-typed key=c.headers redelivered=false type=application/json retries=0\"");
        }
    }

    @Test
    void whatFarinePublishesFollowsProtocolSectionTwo() throws Exception {
        try (Sink seen = Sink.bound(rabbit, "c-wire", "c.wire");
             Publisher.Standalone wire = publisher("c-wire", "direct")) {
            wire.send("c.wire", Map.of("id", 1));
            Sink.Received m = seen.await(1).getFirst();
            assertThat(m.body()).isEqualTo("{\"id\":1}");
            assertThat(m.properties().getContentType()).isEqualTo("application/json");
            assertThat(m.properties().getContentEncoding()).isEqualTo("utf-8");
            assertThat(m.properties().getDeliveryMode()).isEqualTo(2);
            assertThat(m.properties().getPriority()).isZero();
            // PROTOCOL.md §2: the original sends an empty table; Java adds only the W3C trace context, which the original ignores
            assertThat(m.headers()).containsOnlyKeys("traceparent");
            assertThat(m.headers().get("traceparent").toString()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        }
    }

    @Test
    void aMethodThatAcksOrNacksItselfIsLeftAlone() throws Exception {
        try (Sink seen = Sink.bound(rabbit, "c-seen", "manual");
             Sink dead = Sink.queue(rabbit, "c.manual.dead");
             Container container = Container.create(rabbit.config(), List.of(Manual.class));
             Publisher.Standalone manual = publisher("c-manual", "direct")) {
            container.start();
            manual.send("c.manual", "ack-then-throw");
            manual.send("c.manual", "requeue-once");
            manual.send("c.manual", "drop");
            manual.send("c.manual", "plain");
            seen.await(5);
            // nothing more arrives: the throwing method had acked, the dropped message is gone
            Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> seen.received().size() == 5 && dead.received().isEmpty());
            assertThat(seen.bodies()).containsExactlyInAnyOrder("\"acked\"", "\"requeued\"", "\"redelivered\"", "\"dropped\"", "\"auto plain\"");
            assertThat(queueDepth("c.manual")).isZero();
        }
    }

    @Test
    void everyExchangeTypeRoutesFromAFarinePublisherToAFarineConsumer() throws Exception {
        try (Sink seen = Sink.bound(rabbit, "c-seen", "kinds");
             Container container = Container.create(rabbit.config(), List.of(Kinds.class));
             Publisher.Standalone direct = publisher("c-direct", "direct");
             Publisher.Standalone topic = publisher("c-topic", "topic");
             Publisher.Standalone fanout = publisher("c-fanout", "fanout");
             Publisher.Standalone headers = publisher("c-headers", "headers")) {
            container.start();
            direct.send("c.direct", "d");
            direct.send("elsewhere", "lost on purpose");
            topic.send("c.topic.eu", "t1");
            topic.send("c.other.eu", "not bound");
            fanout.send("any key", "f");
            headers.send(Outgoing.of("refund").routingKey("").header("kind", "refund"));
            headers.send(Outgoing.of("order").routingKey("").header("kind", "order"));
            seen.await(5);
            Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> seen.received().size() == 5);
            assertThat(seen.bodies()).containsExactlyInAnyOrder("\"direct d\"", "\"topic c.topic.eu t1\"", "\"fanout1 f\"",
                    "\"fanout2 f\"", "\"headers refund\"");
        }
    }

    @Test
    void twoInstancesOfAServiceCompeteOnItsQueueAndEachMessageIsHandledOnce() throws Exception {
        try (Sink seen = Sink.bound(rabbit, "c-seen", "kinds");
             Container one = Container.create(rabbit.config(), List.of(Kinds.class));
             Container two = Container.create(rabbit.config(), List.of(Kinds.class));
             Publisher.Standalone direct = publisher("c-direct", "direct")) {
            one.start();
            two.start();
            for (int i = 0; i < 200; i++) {
                direct.sendAsync("c.direct", String.valueOf(i));
            }
            seen.await(200);
            Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> seen.received().size() == 200);
            assertThat(new java.util.HashSet<>(seen.bodies())).hasSize(200);
        }
    }

    @Test
    void aQueueDeletedUnderARunningConsumerStopsTheContainerWithTheReason() throws Exception {
        try (Container container = Container.create(rabbit.config(), List.of(Manual.class))) {
            container.start();
            try (Connection c = rabbit.connect(); Channel ch = c.createChannel()) {
                ch.queueDelete("c.manual");
            }
            assertThat(container.stopped()).failsWithin(Duration.ofSeconds(20))
                    .withThrowableThat().withMessageContaining("the broker cancelled the consumer of queue 'c.manual' (was it deleted?)");
        }
    }

    private int queueDepth(String queue) throws Exception {
        try (Connection c = rabbit.connect(); Channel ch = c.createChannel()) {
            return ch.queueDeclarePassive(queue).getMessageCount();
        }
    }
}
