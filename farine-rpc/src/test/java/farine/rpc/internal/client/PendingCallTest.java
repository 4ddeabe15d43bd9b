package farine.rpc.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import farine.rpc.internal.wire.ReplyFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PendingCallTest {

    private static final ReplyFrame ITEM = ReplyFrame.decode(ReplyFrame.item(1));
    private static final ReplyFrame END = ReplyFrame.decode(ReplyFrame.end());
    private static final ReplyFrame ERROR = ReplyFrame.decode("{\"__except__\": \"E: x\"}".getBytes(StandardCharsets.UTF_8));

    @Test
    void aSingleCallCompletesWithItsFirstFrame() {
        PendingCall.Single call = new PendingCall.Single(0);
        assertThat(call.completes(ITEM)).isTrue();
        assertThat(call.completes(END)).isTrue();
        assertThat(call.future).isNotDone();
        call.accept(ITEM);
        assertThat(call.future).isCompletedWithValue(ITEM);
    }

    @Test
    void aStreamCompletesAtTheEndOrAnError() {
        PendingCall.Streamed call = new PendingCall.Streamed(0, 1_000_000_000L);
        assertThat(call.completes(ITEM)).isFalse();
        assertThat(call.completes(END)).isTrue();
        assertThat(call.completes(ERROR)).isTrue();
        long before = call.expiresAt();
        call.accept(ITEM);
        assertThat(call.frames.snapshot()).containsExactly(ITEM);
        assertThat(call.expiresAt()).isGreaterThan(before); // each frame pushes the idle deadline
    }

    @Test
    void aFailureReachesTheReader() {
        PendingCall.Streamed call = new PendingCall.Streamed(0, 1);
        IllegalStateException failure = new IllegalStateException("closed");
        call.fail(failure);
        assertThat(call.frames.snapshot()).containsExactly(failure);
    }
}
