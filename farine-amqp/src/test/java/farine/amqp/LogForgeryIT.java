package farine.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.Container;
import farine.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A publisher's CR, LF and ESC bytes (in a body, a correlation id, a field quoted in an error) reach no log line raw. */
@Tag("broker")
@ExtendWith(Rabbit.Vhost.class)
class LogForgeryIT {

    static final String FORGED = "x\n2026-01-01T00:00:00.000Z ERROR admin logged in\r\u001b[2J";

    public record Order(String id, int quantity) {
    }

    public static final class Orders {
        @Consume(exchange = "f-orders", routingKey = "f.order")
        public void order(Order order) {
            throw new IllegalStateException("rejected " + order.id());
        }
    }

    private final Rabbit rabbit;

    LogForgeryIT(Rabbit rabbit) {
        this.rabbit = rabbit;
    }

    @Test
    void controlCharactersFromThePublisherAreEscapedInEveryLogLine() throws Exception {
        try (LogCapture logs = new LogCapture();
             Sink dead = Sink.queue(rabbit, "f.order.dead");
             Container container = Container.create(rabbit.config(Map.of("orders", Map.of("retries", "0"))), List.of(Orders.class));
             Connection c = rabbit.connect(); Channel ch = c.createChannel()) {
            container.start();
            AMQP.BasicProperties forged = new AMQP.BasicProperties.Builder().contentType("application/json").correlationId(FORGED).build();
            // a body that does not bind, quoted in the WARN line; then one whose field the method quotes in its exception
            ch.basicPublish("f-orders", "f.order", forged, ("not json " + FORGED).getBytes(StandardCharsets.UTF_8));
            ch.basicPublish("f-orders", "f.order", forged, ("{\"id\": \"" + FORGED.replace("\n", "\\n").replace("\r", "\\r")
                    .replace("\u001b", "\\u001b") + "\", \"quantity\": 1}").getBytes(StandardCharsets.UTF_8));
            dead.await(2);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> logs.lines().stream().anyMatch(l -> l.contains("rejected")));

            assertThat(logs.lines()).as("log lines naming the forged text").filteredOn(l -> l.contains("admin logged in")).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(l -> assertThat(l).doesNotContain("\n", "\r", "\u001b").contains("x\\n2026-01-01T00:00:00.000Z ERROR admin logged in\\r\\u001b[2J"));
        }
    }
}
