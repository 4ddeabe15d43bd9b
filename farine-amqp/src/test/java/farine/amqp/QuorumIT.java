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

    public static final class Solo {
        @Consume(exchange = "q-in", routingKey = "q.solo")
        public void solo(String text) {
        }
    }

    private final Rabbit rabbit;

    QuorumIT(Rabbit rabbit) {
        this.rabbit = rabbit;
    }

    @Test
    void quorumDeclaresAReplicatedQueueWithADeliveryLimitAndRetriesThroughIt() throws Exception {
        try (Sink seen = Sink.bound(rabbit, "q-seen", "ledger");
             Sink dead = Sink.queue(rabbit, "q.replicated.dead", Map.of("x-queue-type", "quorum"));
             Container container = Container.create(rabbit.config(Map.of("ledger", Map.of("queue_type", "quorum", "retries", "2"))),
                     List.of(Ledger.class));
             Connection c = rabbit.connect(); Channel ch = c.createChannel()) {
            container.start();
            // a redeclaration succeeds only with exactly the arguments the queue has (else 406)
            assertThat(redeclare("q.replicated", Map.of("x-queue-type", "quorum", "x-delivery-limit", 3,
                    "x-dead-letter-exchange", "", "x-dead-letter-routing-key", "q.replicated.dead"))).isEqualTo("ok");
            assertThat(redeclare("q.replicated", Map.of("x-queue-type", "quorum", "x-delivery-limit", 5,
                    "x-dead-letter-exchange", "", "x-dead-letter-routing-key", "q.replicated.dead"))).contains("PRECONDITION_FAILED");
            // the dead-letter queue is replicated too, with no other argument
            assertThat(redeclare("q.replicated.dead", Map.of("x-queue-type", "quorum"))).isEqualTo("ok");

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
            assertThat(redeclare("q.plain", null)).isEqualTo("ok");
            assertThat(redeclare("q.plain", Map.of("x-queue-type", "quorum"))).contains("PRECONDITION_FAILED").contains("x-queue-type");
            assertThat(redeclare("q.plain.dead", null)).isEqualTo("ok");
        }
    }

    @Test
    void singleActiveDeclaresTheQueueWithOneActiveConsumerAndLeavesTheDeadLetterQueuePlain() throws Exception {
        try (Container container = Container.create(rabbit.config(Map.of("solo", Map.of("single_active", "true"))), List.of(Solo.class))) {
            container.start();
            assertThat(redeclare("q.solo", Map.of("x-single-active-consumer", true))).isEqualTo("ok");
            assertThat(redeclare("q.solo", null)).contains("PRECONDITION_FAILED").contains("x-single-active-consumer");
            assertThat(redeclare("q.solo.dead", null)).isEqualTo("ok");
        }
    }

    /** "ok", or the broker's reason for refusing a durable, shared declaration with these arguments. */
    private String redeclare(String queue, Map<String, Object> arguments) throws Exception {
        try (Connection c = rabbit.connect(); Channel ch = c.createChannel()) {
            ch.queueDeclare(queue, true, false, false, arguments);
            return "ok";
        } catch (java.io.IOException e) {
            return String.valueOf(e.getCause());
        }
    }
}
