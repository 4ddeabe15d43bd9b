package farine.amqp.internal.consume;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.LongString;
import com.rabbitmq.client.impl.LongStringHelper;
import farine.amqp.internal.topology.Topology;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private static final Instant AT = Instant.parse("2026-11-29T16:00:00Z");

    @Test
    void theDeadLetterQueueIsTheQueueNamePlusDead() {
        assertThat(Topology.deadLetterQueue("order.created")).isEqualTo("order.created.dead");
    }

    @Test
    void aFirstDeliveryHasNoRetries() {
        assertThat(DeadLetters.retries(null)).isZero();
        assertThat(DeadLetters.retries(Map.of())).isZero();
        assertThat(DeadLetters.retries(Map.of("tenant", "acme"))).isZero();
    }

    @Test
    void retriesAreCountedInTheFarineHeaderWhateverItsWireType() {
        assertThat(DeadLetters.retries(Map.of("x-farine-retries", 2))).isEqualTo(2);
        assertThat(DeadLetters.retries(Map.of("x-farine-retries", 2L))).isEqualTo(2);
        assertThat(DeadLetters.retries(Map.of("x-farine-retries", LongStringHelper.asLongString("3")))).isEqualTo(3);
        assertThat(DeadLetters.retries(Map.of("x-farine-retries", "garbage"))).isZero();
        assertThat(DeadLetters.retries(Map.of("x-farine-retries", -4))).isZero();
    }

    @Test
    void aQuorumQueuesDeliveryCountIsUsedWhenFarineDidNotCount() {
        assertThat(DeadLetters.retries(Map.of("x-delivery-count", 2L))).isEqualTo(2);
        assertThat(DeadLetters.retries(Map.of("x-delivery-count", 5L, "x-farine-retries", 1))).isEqualTo(1);
    }

    @Test
    void aRetryKeepsTheOriginalHeadersCountsAndRemembersWhereItCameFrom() {
        Map<String, Object> first = DeadLetters.forRetry(Map.of("tenant", "acme"), 0, "orders", "order.created");
        assertThat(first).containsEntry("tenant", "acme").containsEntry("x-farine-retries", 1)
                .containsEntry("x-farine-exchange", "orders").containsEntry("x-farine-routing-key", "order.created");
        // the second retry arrives through the default exchange: the first exchange and key stay
        Map<String, Object> second = DeadLetters.forRetry(first, 1, "", "order.created");
        assertThat(second).containsEntry("x-farine-retries", 2).containsEntry("x-farine-exchange", "orders");
        assertThat(DeadLetters.retries(second)).isEqualTo(2);
    }

    @Test
    void aDeadLetterCarriesTheErrorWhenWhoAndTheOriginalHeaders() {
        Map<String, Object> h = DeadLetters.forDeadLetter(Map.of("tenant", "acme", "x-farine-retries", 3), "java.lang.IllegalStateException: boom",
                AT, "shop", "created", "order.created", "orders", "order.created");
        assertThat(h).containsEntry("tenant", "acme")
                .containsEntry("x-farine-retries", 3)
                .containsEntry("x-farine-error", "java.lang.IllegalStateException: boom")
                .containsEntry("x-farine-failed-at", "2026-11-29T16:00:00Z")
                .containsEntry("x-farine-service", "shop")
                .containsEntry("x-farine-method", "created")
                .containsEntry("x-farine-queue", "order.created")
                .containsEntry("x-farine-exchange", "orders")
                .containsEntry("x-farine-routing-key", "order.created");
    }

    @Test
    void aPublishersSequenceHeaderIsNotCopiedNorShown() {
        Map<String, Object> original = Map.of("x-farine-publish-seq", 17L, "tenant", "acme");
        assertThat(DeadLetters.forRetry(original, 0, "e", "k")).doesNotContainKey("x-farine-publish-seq");
        assertThat(DeadLetters.forDeadLetter(original, "bad", AT, "s", "m", "q", "e", "k")).doesNotContainKey("x-farine-publish-seq");
        assertThat(DeadLetters.readable(original)).containsOnlyKeys("tenant");
    }

    @Test
    void aDeadLetterWithoutHeadersStillGetsTheError() {
        assertThat(DeadLetters.forDeadLetter(null, "bad", AT, "s", "m", "q", "e", "k")).containsEntry("x-farine-error", "bad");
    }

    @Test
    void aLongErrorIsCut() {
        String error = DeadLetters.forDeadLetter(null, "x".repeat(5000), AT, "s", "m", "q", "e", "k").get("x-farine-error").toString();
        assertThat(error).hasSize(2003).endsWith("...");
    }

    @Test
    void errorsAreDescribedAsTypeColonMessage() {
        assertThat(DeadLetters.describe(new IllegalArgumentException("no such sku"))).isEqualTo("java.lang.IllegalArgumentException: no such sku");
        assertThat(DeadLetters.describe(new NullPointerException())).isEqualTo("java.lang.NullPointerException");
    }

    @Test
    void headersAreReadableStringsAlsoInsideListsAndTables() {
        LongString text = LongStringHelper.asLongString("acme");
        Map<String, Object> h = DeadLetters.readable(Map.of("tenant", text, "tags", List.of(text), "nested", Map.of("k", text), "n", 5));
        assertThat(h).containsEntry("tenant", "acme").containsEntry("tags", List.of("acme"))
                .containsEntry("nested", Map.of("k", "acme")).containsEntry("n", 5);
        assertThat(DeadLetters.readable(null)).isEmpty();
    }
}
