package farine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

/** The figures of a fault under {@link Load}, the same for the single broker and the cluster scenarios. */
final class Reports {

    private Reports() {
    }

    /** Waits until every confirmed message was consumed, then writes the figures and checks nothing was lost. */
    static void traffic(Figures figures, Load load, Tally tally, long faultAt, long upAt) {
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> load.allConsumed(tally));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported below with the ids
        }
        List<String> lost = load.lost(tally);
        figures.put("messages sent", load.sent.get())
                .put("messages confirmed", load.confirmed.size())
                .put("messages not confirmed (publisher gave up, caller told)", load.unconfirmed.size())
                .put("messages consumed (distinct)", tally.distinct())
                .put("confirmed but never consumed (lost)", lost.size())
                .put("messages consumed more than once (duplicated)", tally.duplicated())
                .put("rpc calls made", load.calls.get())
                .put("rpc calls answered", load.answered.get())
                .put("rpc calls failed, by error", load.failureKinds())
                .put("rpc calls that ended neither answered nor failed (should be 0)", load.calls.get() - load.answered.get()
                        - load.wrong.get() - load.failureKinds().values().stream().mapToLong(Long::longValue).sum())
                .put("rpc calls past deadline + " + Load.SLACK.toMillis() + " ms (hung)", load.overdue.get())
                .put("longest rpc call ms", load.longestCallMillis.get())
                .put("recovery: first rpc answer after the broker is back (or the last close), ms",
                        load.firstAnswerSince(upAt).stream().map(t -> (t - upAt) / 1_000_000).boxed().findFirst().orElse(-1L))
                .put("recovery: first confirm after the broker is back (or the last close), ms",
                        load.firstConfirmSince(upAt).stream().map(t -> (t - upAt) / 1_000_000).boxed().findFirst().orElse(-1L))
                .put("first fault to first rpc answer after the last one, ms",
                        load.firstAnswerSince(upAt).stream().map(t -> (t - faultAt) / 1_000_000).boxed().findFirst().orElse(-1L));
        if (!load.unconfirmed.isEmpty()) {
            figures.put("why not confirmed (sample)", load.unconfirmed.values().stream().map(s -> s.length() > 160 ? s.substring(0, 160) : s)
                    .distinct().limit(3).toList());
        }
        assertThat(lost).as("confirmed messages that were never consumed").isEmpty();
    }
}
