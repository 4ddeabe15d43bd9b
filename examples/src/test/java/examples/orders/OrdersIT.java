package examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import farine.Config;
import farine.Container;
import farine.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shop and the warehouse in one container against the test broker. The broker is shared, so the
 * test renames the exchange and the warehouse's queue in the configuration (as an INI file or
 * FARINE_* environment variables would) instead of touching the example's names.
 */
class OrdersIT {

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String exchange = "orders-it-" + suffix;
    private final String queue = "order.placed-it-" + suffix;
    private Connection plain;
    private Channel channel;
    private final BlockingQueue<String> reservations = new LinkedBlockingQueue<>();

    @BeforeEach
    void watchReservations() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(TestBroker.amqpUri());
        if (factory.getVirtualHost().isEmpty()) {
            factory.setVirtualHost("/"); // amqp://host:5672/ means "/" to farine (and kombu), "" to the plain client
        }
        plain = factory.newConnection("orders-it");
        channel = plain.createChannel();
        channel.exchangeDeclare(exchange, "direct", true, false, null);
        String mine = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(mine, exchange, "order.reserved");
        channel.basicConsume(mine, true, (tag, m) -> reservations.add(new String(m.getBody(), StandardCharsets.UTF_8)), tag -> { });
    }

    @AfterEach
    void cleanUp() throws Exception {
        channel.queueDelete(queue);
        channel.queueDelete(queue + ".dead");
        channel.exchangeDelete(exchange);
        channel.queueDelete("shop__place"); // the RPC entry point's, on the shared vhost
        plain.close();
    }

    private Config config() {
        return Config.of(Map.of(
                "DEFAULT", Map.of("amqp_uri", TestBroker.amqpUri(), "exchange", exchange, "shutdown_timeout", "5s"),
                "warehouse", Map.of("reserve.queue", queue, "retry_delay", "10ms")));
    }

    @Test
    void aPlacedOrderIsReservedByTheWarehouse() throws Exception {
        try (Container container = Container.create(config(), List.of(Shop.class, Warehouse.class))) {
            container.start();
            String id = (String) container.invoke("shop", "place", "tea", 2);

            String reservation = reservations.poll(20, TimeUnit.SECONDS);
            assertThat(reservation).isEqualTo("{\"orderId\":\"" + id + "\",\"sku\":\"tea\",\"quantity\":2,\"shelf\":\"A-3\"}");
        }
    }

    @Test
    void anOrderTheWarehouseCannotServeEndsInTheDeadLetterQueueWithTheReason() throws Exception {
        try (Container container = Container.create(config(), List.of(Shop.class, Warehouse.class))) {
            container.start();
            assertThatThrownBy(() -> container.invoke("shop", "place", "tea", 0)).hasMessageContaining("quantity must be positive");
            String id = (String) container.invoke("shop", "place", "caviar", 1);

            GetResponse dead = Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> channel.basicGet(queue + ".dead", true), r -> r != null);
            assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).contains(id).contains("caviar");
            assertThat(dead.getProps().getHeaders().get("x-farine-error").toString())
                    .isEqualTo("java.lang.IllegalArgumentException: unknown product 'caviar'");
            assertThat(dead.getProps().getHeaders().get("x-farine-retries")).isEqualTo(3);
            assertThat(reservations).isEmpty();
        }
    }
}
