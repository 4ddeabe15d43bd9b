package farine.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.Container;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PROTOCOL.md §1: farine and a plain (Python-like) client declare the same things, so neither gets a 406. */
@Tag("broker")
@ExtendWith(Rabbit.Vhost.class)
class TopologyIT {

    public static final class Billing {
        private final Publisher seen;

        public Billing(@Publish(exchange = "seen", routingKey = "billing") Publisher seen) {
            this.seen = seen;
        }

        @Consume(exchange = "invoices", routingKey = "invoice.created")
        public void created(String text) {
            seen.send(text);
        }
    }

    public static final class Router {
        private final Publisher seen;

        public Router(@Publish(exchange = "seen", routingKey = "router") Publisher seen) {
            this.seen = seen;
        }

        @Consume(exchange = "news", routingKey = "news.*", type = ExchangeType.TOPIC, queue = "router-news")
        public void topic(String text, Message message) {
            seen.send("topic " + message.routingKey() + " " + text);
        }

        @Consume(exchange = "broadcast", routingKey = "router-a", type = ExchangeType.FANOUT)
        public void fanoutA(String text) {
            seen.send("fanout-a " + text);
        }

        @Consume(exchange = "broadcast", routingKey = "router-b", type = ExchangeType.FANOUT)
        public void fanoutB(String text) {
            seen.send("fanout-b " + text);
        }

        @Consume(exchange = "matching", routingKey = "router-headers", type = ExchangeType.HEADERS, bindingHeaders = {"kind=refund"})
        public void headers(String text) {
            seen.send("headers " + text);
        }

        @Consume
        public void direct(String text) {
            seen.send("direct " + text);
        }
    }

    public static final class Newsroom {
        private final Publisher news;

        public Newsroom(@Publish(exchange = "agreed-news", routingKey = "news.sports") Publisher news) {
            this.news = news;
        }

        @Consume(exchange = "agreed-news", routingKey = "news.*", queue = "newsroom-news", type = ExchangeType.TOPIC)
        public void read(String text) {
            if (text.equals("ping")) {
                news.send("pong");
            }
        }
    }

    private final Rabbit rabbit;

    TopologyIT(Rabbit rabbit) {
        this.rabbit = rabbit;
    }

    @AfterEach
    void cleanUp() throws Exception {
        rabbit.delete("invoices", "invoice.created", "news", "router-news", "broadcast", "router-a", "router-b", "matching",
                "router-headers", "router");
    }

    @Test
    void farineConsumesFromWhatAPythonServiceDeclared() throws Exception {
        try (Connection plain = rabbit.connect(); Channel ch = plain.createChannel();
             Sink seen = Sink.bound(rabbit, "seen", "billing")) {
            // what kombu declares for consume(exchange="invoices", routing_key="invoice.created")
            ch.exchangeDeclare("invoices", "direct", true, false, false, null);
            ch.queueDeclare("invoice.created", true, false, false, null);
            ch.queueBind("invoice.created", "invoices", "invoice.created");
            try (Container container = Container.create(rabbit.config(), List.of(Billing.class))) {
                container.start();
                ch.basicPublish("invoices", "invoice.created", json(), "\"first\"".getBytes(StandardCharsets.UTF_8));
                assertThat(seen.await(1).getFirst().body()).isEqualTo("\"first\"");
            }
        }
    }

    @Test
    void aPythonServiceCanDeclareWhatFarineDeclared() throws Exception {
        try (Container container = Container.create(rabbit.config(), List.of(Billing.class))) {
            container.start();
            try (Connection plain = rabbit.connect(); Channel ch = plain.createChannel()) {
                assertThatCode(() -> {
                    ch.exchangeDeclare("invoices", "direct", true, false, false, null);
                    ch.queueDeclare("invoice.created", true, false, false, null);
                    ch.queueDeclare("invoice.created.dead", true, false, false, null);
                    ch.exchangeDeclare("seen", "direct", true, false, false, null);
                }).doesNotThrowAnyException();
                assertThat(ch.isOpen()).isTrue();
            }
        }
    }

    @Test
    void everyExchangeTypeDeliversToItsConsumers() throws Exception {
        try (Sink seen = Sink.bound(rabbit, "seen", "router");
             Container container = Container.create(rabbit.config(), List.of(Router.class));
             Connection plain = rabbit.connect(); Channel ch = plain.createChannel()) {
            container.start();
            ch.basicPublish("news", "news.sports", json(), "\"goal\"".getBytes(StandardCharsets.UTF_8));
            ch.basicPublish("news", "weather.today", json(), "\"rain\"".getBytes(StandardCharsets.UTF_8));
            ch.basicPublish("broadcast", "ignored", json(), "\"all\"".getBytes(StandardCharsets.UTF_8));
            ch.basicPublish("matching", "", json(Map.of("kind", "order")), "\"no\"".getBytes(StandardCharsets.UTF_8));
            ch.basicPublish("matching", "", json(Map.of("kind", "refund")), "\"yes\"".getBytes(StandardCharsets.UTF_8));
            ch.basicPublish("router", "router", json(), "\"hi\"".getBytes(StandardCharsets.UTF_8));
            seen.await(5);
            assertThat(seen.bodies()).containsExactlyInAnyOrder("\"topic news.sports goal\"", "\"fanout-a all\"",
                    "\"fanout-b all\"", "\"headers yes\"", "\"direct hi\"");
        }
    }

    @Test
    void aTypeInTheIniFileOverridesTheAnnotationPerMethod() throws Exception {
        try (Connection plain = rabbit.connect(); Channel ch = plain.createChannel()) {
            ch.exchangeDeclare("invoices", "topic", true, false, false, null);
        }
        try (Container container = Container.create(rabbit.config(Map.of("billing", Map.of("created.type", "topic"))), List.of(Billing.class))) {
            assertThatCode(container::start).doesNotThrowAnyException();
            assertThat(container.describe()).containsExactly("billing: consume invoices(topic, invoice.created)");
        }
    }

    @Test
    void aPublisherAndAConsumerOfOneServiceAgreeOnTheExchangeType() throws Exception {
        rabbit.delete("agreed-news", "newsroom-news");
        try (Sink seen = Sink.bound(rabbit, "agreed-news", "topic", "news.sports");
             Container container = Container.create(rabbit.config(), List.of(Newsroom.class));
             Connection plain = rabbit.connect(); Channel ch = plain.createChannel()) {
            assertThatCode(container::start).doesNotThrowAnyException();
            ch.basicPublish("agreed-news", "news.weather", json(), "\"ping\"".getBytes(StandardCharsets.UTF_8));
            assertThat(seen.await(1).getFirst().body()).isEqualTo("\"pong\"");
        }
    }

    static AMQP.BasicProperties json() {
        return json(Map.of());
    }

    static AMQP.BasicProperties json(Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder().contentType("application/json").contentEncoding("utf-8")
                .deliveryMode(2).headers(headers).build();
    }
}
