package farine.rpc.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A call waiting for replies, registered under its correlation id in a {@link ReplyListener}.
 * {@link #accept} runs on the connection's dispatch thread and must not block.
 */
sealed interface PendingCall {

    /** Whether {@code frame} is this call's last one: its entry must go before the frame is handed over. */
    boolean completes(ReplyFrame frame);

    /** Takes one frame. */
    void accept(ReplyFrame frame);

    /** The call cannot complete (connection closed, malformed reply, abandoned). */
    void fail(RuntimeException failure);

    /** When this entry may be swept if nobody collected it (System.nanoTime). */
    long expiresAt();

    /** A non-stream call: the first frame completes it (a later {@code __end__} is dropped, PROTOCOL.md §3). */
    final class Single implements PendingCall {
        final CompletableFuture<ReplyFrame> future = new CompletableFuture<>();
        private final long expiresAt;

        Single(long expiresAt) {
            this.expiresAt = expiresAt;
        }

        @Override
        public boolean completes(ReplyFrame frame) {
            return true;
        }

        @Override
        public void accept(ReplyFrame frame) {
            future.complete(frame);
        }

        @Override
        public void fail(RuntimeException failure) {
            future.completeExceptionally(failure);
        }

        @Override
        public long expiresAt() {
            return expiresAt;
        }
    }

    /** A stream: frames queue up for the reader until {@code __end__} or {@code __except__}. */
    final class Streamed implements PendingCall {
        final LinkedBlockingQueue<Object> frames = new LinkedBlockingQueue<>();
        private final long idleNanos;
        private volatile long expiresAt;

        Streamed(long expiresAt, long idleNanos) {
            this.expiresAt = expiresAt;
            this.idleNanos = idleNanos;
        }

        @Override
        public boolean completes(ReplyFrame frame) {
            return frame.kind() != ReplyFrame.Kind.ITEM;
        }

        @Override
        public void accept(ReplyFrame frame) {
            touch();
            frames.add(frame);
        }

        @Override
        public void fail(RuntimeException failure) {
            frames.add(failure);
        }

        void touch() {
            expiresAt = System.nanoTime() + idleNanos;
        }

        @Override
        public long expiresAt() {
            return expiresAt;
        }
    }
}
