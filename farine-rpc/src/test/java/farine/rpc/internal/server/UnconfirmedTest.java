package farine.rpc.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The replies awaiting their confirm: taken in sequence order, past the ring's wrap and growth. */
class UnconfirmedTest {

    /** A continuation that says which sequence number it was registered under. */
    private record Then(long seq) implements Consumer<Exception> {
        @Override
        public void accept(Exception e) {
        }
    }

    private static List<Long> pollAll(ReplySender.Unconfirmed unconfirmed, long upTo) {
        List<Long> taken = new ArrayList<>();
        Consumer<Exception> then;
        while ((then = unconfirmed.pollUpTo(upTo)) != null) {
            taken.add(((Then) then).seq());
        }
        return taken;
    }

    @Test
    void aMultipleConfirmTakesEveryEntryUpToItsNumberInOrder() {
        ReplySender.Unconfirmed unconfirmed = new ReplySender.Unconfirmed();
        for (long seq = 1; seq <= 10; seq++) {
            unconfirmed.add(seq, new Then(seq));
        }
        assertThat(pollAll(unconfirmed, 4)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(unconfirmed.pollUpTo(4)).isNull();
        assertThat(unconfirmed.size()).isEqualTo(6);
        assertThat(pollAll(unconfirmed, Long.MAX_VALUE)).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(unconfirmed.isEmpty()).isTrue();
    }

    @Test
    void singleConfirmsAndFailedPublishesRemoveTheirOwnEntryOnly() {
        ReplySender.Unconfirmed unconfirmed = new ReplySender.Unconfirmed();
        for (long seq = 1; seq <= 5; seq++) {
            unconfirmed.add(seq, new Then(seq));
        }
        assertThat(((Then) unconfirmed.remove(1)).seq()).as("the head, a confirm").isEqualTo(1);
        assertThat(((Then) unconfirmed.remove(5)).seq()).as("the tail, a failed publish").isEqualTo(5);
        assertThat(((Then) unconfirmed.remove(3)).seq()).as("one in the middle").isEqualTo(3);
        assertThat(unconfirmed.remove(3)).as("gone").isNull();
        assertThat(unconfirmed.remove(99)).as("never there").isNull();
        assertThat(pollAll(unconfirmed, Long.MAX_VALUE)).containsExactly(2L, 4L);
    }

    /** Against a plain list, long enough that the ring wraps many times and grows while wrapped. */
    @Test
    void theRingKeepsTheOrderThroughWrapsAndGrowth() {
        ReplySender.Unconfirmed unconfirmed = new ReplySender.Unconfirmed();
        java.util.ArrayDeque<Long> model = new java.util.ArrayDeque<>();
        long next = 1;
        for (int round = 0; round < 300; round++) {
            int add = 1 + (round * 37) % 150; // up to 150 at once: more than the first ring holds
            for (int i = 0; i < add; i++, next++) {
                unconfirmed.add(next, new Then(next));
                model.addLast(next);
            }
            if (round % 7 == 0) {
                long last = next - 1; // a failed publish: the entry just added goes again
                assertThat(((Then) unconfirmed.remove(last)).seq()).isEqualTo(last);
                model.removeLast();
            }
            long upTo = next - 1 - (round % 40);
            List<Long> expected = new ArrayList<>();
            while (!model.isEmpty() && model.peekFirst() <= upTo) {
                expected.add(model.pollFirst());
            }
            assertThat(pollAll(unconfirmed, upTo)).as("round %d", round).isEqualTo(expected);
            assertThat(unconfirmed.size()).isEqualTo(model.size());
        }
    }
}
