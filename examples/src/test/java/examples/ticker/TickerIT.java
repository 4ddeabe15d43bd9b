package examples.ticker;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import farine.Config;
import farine.Container;
import farine.testing.TestBroker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ticker service in a real container, against a real SSE feed and the test broker; a plain
 * RabbitMQ client (as a Python consumer would be) receives what it republishes.
 */
class TickerIT {

    private static final int TICKS = 200;

    @Test
    void everyTickIsRepublishedOnceInOrderAcrossFeedReconnects() throws Exception {
        // the exchange "ticks" is the service's; symbols unique to this run keep other runs' ticks apart
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> symbols = List.of("ACME-" + run, "INIT-" + run);
        ConnectionFactory factory = new ConnectionFactory();
        String amqpUri = amqpUri();
        factory.setUri(amqpUri);
        try (PriceFeed feed = PriceFeed.start(symbols, TICKS, 70);
                Connection rabbit = factory.newConnection("ticker-it-" + run)) {
            Channel channel = rabbit.createChannel();
            channel.exchangeDeclare("ticks", BuiltinExchangeType.DIRECT, true); // as farine declares it (PROTOCOL.md §1)
            String queue = channel.queueDeclare().getQueue(); // server-named, exclusive, auto-delete
            for (String symbol : symbols) {
                channel.queueBind(queue, "ticks", symbol);
            }
            BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
            channel.basicConsume(queue, true, (tag, delivery) -> deliveries.add(delivery), tag -> { });

            Config config = Config.of(Map.of("ticker", Map.of(
                    "amqp_uri", amqpUri,
                    "connect_timeout", "30s", // a broker that does not answer fails the test rather than hanging it
                    "endpoint", feed.url(),
                    "reconnect_delay", "20ms")));
            List<Delivery> received = new ArrayList<>();
            try (Container container = Container.create(config, List.of(Ticker.class))) {
                container.start();
                while (received.size() < TICKS) {
                    Delivery next = deliveries.poll(30, TimeUnit.SECONDS);
                    assertThat(next).as("tick %d of %d within 30 s", received.size() + 1, TICKS).isNotNull();
                    received.add(next);
                }
            }

            JsonMapper json = JsonMapper.builder().build();
            for (int i = 0; i < TICKS; i++) {
                int tick = i + 1;
                Delivery delivery = received.get(i);
                JsonNode body = json.readTree(new String(delivery.getBody(), StandardCharsets.UTF_8));
                assertThat(delivery.getEnvelope().getRoutingKey()).isEqualTo(feed.symbol(tick));
                assertThat(body.get("symbol").asString()).isEqualTo(feed.symbol(tick));
                assertThat(body.get("price").asInt()).as("price of message %d", i).isEqualTo(tick);
                assertThat(delivery.getProperties().getContentType()).isEqualTo("application/json");
                assertThat(delivery.getProperties().getHeaders().get(Ticker.EVENT_ID)).hasToString(String.valueOf(tick));
            }
            assertThat(deliveries.poll(200, TimeUnit.MILLISECONDS)).as("no duplicate").isNull();
            assertThat(feed.lastEventIds()).containsExactly("-", "70", "140");
        } finally {
            deleteExchangeIfUnused(factory);
        }
    }

    /**
     * The test broker's URI with its vhost spelled out: by the AMQP URI specification {@code amqp://host/}
     * names the vhost {@code ""}, which RabbitMQ does not have; {@code %2F} is the default vhost {@code /}.
     */
    private static String amqpUri() {
        String uri = TestBroker.amqpUri();
        return URI.create(uri).getRawPath().equals("/") ? uri + "%2F" : uri;
    }

    /** Only when no other run is using it: several builds may share the broker. */
    private static void deleteExchangeIfUnused(ConnectionFactory factory) {
        try (Connection rabbit = factory.newConnection("ticker-it-cleanup")) {
            rabbit.createChannel().exchangeDelete("ticks", true);
        } catch (Exception e) {
            // in use by another run (406), or already gone: theirs to delete
        }
    }
}
