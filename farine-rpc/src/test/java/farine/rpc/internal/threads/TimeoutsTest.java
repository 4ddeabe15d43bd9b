package farine.rpc.internal.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class TimeoutsTest {

    @Test
    void aFutureNotCompleteInTimeFailsWithTimeoutException() {
        CompletableFuture<String> future = Timeouts.within(new CompletableFuture<>(), TimeUnit.MILLISECONDS.toNanos(50));

        assertThat(future).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void aCompletedFutureKeepsItsValueAndLeavesNoTimerBehind() {
        int before = Timeouts.pending();
        CompletableFuture<String> future = new CompletableFuture<>();
        Timeouts.within(future, TimeUnit.SECONDS.toNanos(60));
        assertThat(Timeouts.pending()).isEqualTo(before + 1);

        future.complete("done");

        assertThat(future).isCompletedWithValue("done");
        assertThat(Timeouts.pending()).isEqualTo(before);
    }

    @Test
    void manyCallsLeaveNoTimerBehind() {
        int before = Timeouts.pending();
        for (int i = 0; i < 10_000; i++) {
            CompletableFuture<Integer> future = Timeouts.within(new CompletableFuture<>(), TimeUnit.SECONDS.toNanos(30));
            future.complete(i);
        }
        assertThat(Timeouts.pending()).isEqualTo(before);
    }

    @Test
    void anAlreadyCompletedFutureSchedulesNothing() {
        int before = Timeouts.pending();
        Timeouts.within(CompletableFuture.completedFuture(1), TimeUnit.SECONDS.toNanos(30));
        assertThat(Timeouts.pending()).isEqualTo(before);
    }
}
