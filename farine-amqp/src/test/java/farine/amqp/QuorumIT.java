package farine.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.Container;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code queue_type = quorum} is opt-in; the default stays the plain classic queue of PROTOCOL.md §1. */
@Tag("broker")
@ExtendWith(Rabbit.Vhost.class)
class QuorumIT {

    public static final class Ledger {
        private final Publisher seen;

        public Ledger(@Publish(exchange = "q-seen", routingKey = "ledger") Publisher seen) {
            this.seen = seen;
        }

        @Consume(exchange = "q-in", routingKey = "q.replicated")
        public void replicated(String text, Message message) {
            seen.send(text + " attempt " + message.retries());
            if (text.equals("poison")) {
                throw new IllegalArgumentException("cannot book " + text);
            }
        }
    }

    public static final class Plain {
        @Consume(exchange = "q-in", routingKey = "q.plain")
        public void plain(String text) {
        }
    }

    private final Rabbit rabbit;

    QuorumIT(Rabbit rabbit) {
        this.rabbit = rabbit;
    }

    @Test
    void quorumDeclaresAReplicatedQueueWithADeliveryLimitAndRetriesThroughIt() throws Exception {
        try (Sink seen = Sink.bound(rabbit, "q-seen", "ledger");
             Sink dead = Sink.queue(rabbit, "q.replicated.dead");
             Container container = Container.create(rabbit.config(Map.of("ledger", Map.of("queue_type", "quorum", "retries", "2"))),
                     List.of(Ledger.class));
             Connection c = rabbit.connect(); Channel ch = c.createChannel()) {
            container.start();
            assertThat(rabbit.queueInfo("q.replicated")).startsWith("quorum").contains("x-queue-type").contains("x-delivery-limit");
            assertThat(rabbit.queueInfo("q.replicated.dead")).isEqualTo("classic []");

            ch.basicPublish("q-in", "q.replicated", TopologyIT.json(), "\"poison\"".getBytes(StandardCharsets.UTF_8));
            Sink.Received letter = dead.await(1).getFirst();
            assertThat(letter.body()).isEqualTo("\"poison\"");
            assertThat(letter.header("x-farine-error")).isEqualTo("java.lang.IllegalArgumentException: cannot book poison");
            assertThat(letter.header("x-farine-service")).isEqualTo("ledger");
            // the quorum queue counted the deliveries: 1 + 2 retries
            assertThat(seen.await(3).stream().map(Sink.Received::body)).containsExactly(
                    "\"poison attempt 0\"", "\"poison attempt 1\"", "\"poison attempt 2\"");
        }
    }

    @Test
    void theDefaultIsAClassicQueueWithoutArguments() throws Exception {
        try (Container container = Container.create(rabbit.config(), List.of(Plain.class))) {
            container.start();
            assertThat(rabbit.queueInfo("q.plain")).isEqualTo("classic []");
            assertThat(rabbit.queueInfo("q.plain.dead")).isEqualTo("classic []");
        }
    }
}
