package farine.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** POST /publish/{exchange}/{routingKey}: 202 once the broker confirmed, 503 when it did not. */
class PublishIT {

    @Test
    void aConfirmedMessageIs202AndArrivesAndAMissingExchangeIs503() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(GatewayBroker.VHOST.amqpUri());
        try (Connection connection = factory.newConnection();
                Gateway gateway = Gateway.start(GatewayBroker.config(Map.of()))) {
            Channel channel = connection.createChannel();
            channel.exchangeDeclare("gw_orders", "topic", true);
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, "gw_orders", "order.*");

            Http.Reply sent = Http.call(gateway.uri(), "publish/gw_orders/order.created", "{\"id\": 1}");
            assertThat(sent.status()).isEqualTo(202);
            assertThat(sent.body().get("confirmed").asBoolean()).isTrue();
            AtomicReference<GetResponse> got = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                got.set(channel.basicGet(queue, true));
                return got.get() != null;
            });
            assertThat(new String(got.get().getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":1}");
            assertThat(got.get().getEnvelope().getRoutingKey()).isEqualTo("order.created");

            Http.Reply missing = Http.call(gateway.uri(), "publish/gw_no_such_exchange/x", "1");
            assertThat(missing.status()).isEqualTo(503);
            assertThat(missing.body().at("/error/message").asString()).startsWith("not confirmed").contains("gw_no_such_exchange");
            // the failed exchange's publisher was dropped; the other one still works
            assertThat(Http.call(gateway.uri(), "publish/gw_orders/order.paid", "{\"id\": 2}").status()).isEqualTo(202);
            assertThat(Http.call(gateway.uri(), "publish/gw_orders/order.paid", "{oops").status()).isEqualTo(400);
        }
    }
}
