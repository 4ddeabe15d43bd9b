package farine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.Config;
import farine.Container;
import farine.FarineException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DependencyProvider#complete: once per worker, before the result goes on, after the last item of a stream. */
class CompletionTest {

    private Container container;
    private Journal journal;

    public static final class Settled {
        @Probe
        public Journal journal(Journal journal) {
            return journal;
        }

        @Probe
        public String plain(Journal journal) {
            journal.record("ran plain");
            return "ok";
        }

        @Probe
        public String fails(Journal journal) {
            throw new IllegalStateException("boom");
        }

        @Probe
        public Stream<Integer> items(Journal journal, int n) {
            return Stream.iterate(1, i -> i + 1).limit(n).peek(i -> journal.record("item " + i));
        }

        @Probe
        public Stream<Integer> breaks(Journal journal) {
            return Stream.of(1, 2).peek(i -> {
                if (i == 2) {
                    throw new IllegalStateException("item 2 broke");
                }
            });
        }

        @Probe
        public Iterator<Integer> iterator(Journal journal) {
            return List.of(7).iterator();
        }

        @Probe
        public String unsettledPlain(Journal journal) {
            return "never seen";
        }

        @Probe
        public Stream<Integer> unsettledStream(Journal journal) {
            return Stream.of(1, 2);
        }
    }

    @BeforeEach
    void start() {
        container = Container.create(Config.of(Map.of()), List.of(Settled.class));
        container.start();
        journal = (Journal) container.invoke("settled", "journal");
    }

    @AfterEach
    void stop() {
        container.stop();
    }

    @Test
    void aPlainResultSettlesOnceBeforeRelease() {
        assertThat(container.invoke("settled", "plain")).isEqualTo("ok");
        assertThat(journal.events()).containsSubsequence("ran plain", "settle plain", "release plain");
        assertThat(journal.count("settle plain")).isEqualTo(1);
    }

    @Test
    void aFailureIsPassedToSettle() {
        assertThatThrownBy(() -> container.invoke("settled", "fails")).hasMessageContaining("boom");
        assertThat(journal.events()).containsSubsequence("settle fails after boom", "release fails");
    }

    @Test
    void aStreamSettlesAfterItsLastItem() {
        assertThat(container.invoke("settled", "items", 3)).isEqualTo(List.of(1, 2, 3));
        assertThat(journal.events()).containsSubsequence("item 1", "item 2", "item 3", "settle items", "release items");
        assertThat(journal.count("settle items")).isEqualTo(1);
    }

    @Test
    void aStreamThatThrowsSettlesWithItsFailure() {
        assertThatThrownBy(() -> container.invoke("settled", "breaks")).hasMessageContaining("item 2 broke");
        assertThat(journal.events()).containsSubsequence("settle breaks after item 2 broke", "release breaks");
    }

    @Test
    void anIteratorThatIsNotDrainedSettlesBeforeRelease() {
        // Container.invoke hands an iterator back as it is: settle happens in finally
        assertThat(container.invoke("settled", "iterator")).isInstanceOf(Iterator.class);
        assertThat(journal.events()).containsSubsequence("settle iterator", "release iterator");
    }

    @Test
    void aSettleFailureReplacesTheResult() {
        assertThatThrownBy(() -> container.invoke("settled", "unsettledPlain"))
                .isInstanceOf(FarineException.class).hasMessageContaining("cannot settle unsettledPlain");
        assertThatThrownBy(() -> container.invoke("settled", "unsettledStream"))
                .isInstanceOf(FarineException.class).hasMessageContaining("cannot settle unsettledStream");
        assertThat(journal.events()).containsSubsequence("settle unsettledStream", "release unsettledStream");
    }

    @Test
    void aStreamOrIteratorClosedBeforeItsEndSettlesAsCancelled() throws Exception {
        List<String> settled = new java.util.ArrayList<>();
        farine.spi.DependencyProvider recording = new farine.spi.DependencyProvider() {
            @Override
            public Object acquire(farine.spi.WorkerContext worker) {
                return null;
            }

            @Override
            public void complete(farine.spi.WorkerContext worker, Object value, Throwable failure) {
                settled.add(failure == null ? "committed" : failure.getClass().getSimpleName() + ": " + failure.getMessage());
            }
        };
        farine.spi.WorkerContext worker = farine.spi.WorkerContext.of("svc", "items", null);
        Completion forStream = new Completion(worker, List.of(new Acquired(recording, null)));
        try (Stream<?> items = (Stream<?>) forStream.defer(Stream.of(1, 2, 3))) {
            assertThat(items.iterator().next()).isEqualTo(1);
        }
        Completion forIterator = new Completion(worker, List.of(new Acquired(recording, null)));
        Iterator<?> iterator = (Iterator<?>) forIterator.defer(List.of(1, 2).iterator());
        iterator.next();
        ((AutoCloseable) iterator).close();
        ((AutoCloseable) iterator).close(); // once
        Completion drained = new Completion(worker, List.of(new Acquired(recording, null)));
        try (Stream<?> items = (Stream<?>) drained.defer(Stream.of(1))) {
            assertThat(items.map(Object.class::cast).toList()).containsExactly(1);
        } // closed after its end: already settled, nothing more
        assertThat(settled).containsExactly("CancellationException: svc.items: the stream was closed before its end",
                "CancellationException: svc.items: the stream was closed before its end", "committed");
    }
}
