package farine.rpc.internal.client;

import farine.rpc.internal.wire.ReplyFrame;
import java.util.concurrent.CompletableFuture;

/**
 * A call waiting for replies, registered under its correlation id in a {@link ReplyListener}.
 * {@link #accept} and {@link #fail} run on the connection's reader thread (or the sweeper, or a closing
 * caller) and must not block.
 */
sealed interface PendingCall {

    /** Whether {@code frame} is this call's last one: its entry must go before the frame is handed over. */
    boolean completes(ReplyFrame frame);

    /** Takes one frame. */
    void accept(ReplyFrame frame);

    /** The call cannot complete (connection closed, malformed reply, or {@link #EXPIRED}). */
    void fail(RuntimeException failure);

    /**
     * What an entry swept after its deadline fails with; its reader turns it into the
     * {@link farine.rpc.RpcTimeoutException} it would have thrown had it woken up first.
     */
    RuntimeException EXPIRED = new Expired();

    /** When this entry may be swept if nobody collected it (System.nanoTime). */
    long expiresAt();

    /** The sweep marker: no stack trace, no state. */
    final class Expired extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private Expired() {
            super("call expired without being collected", null, false, false);
        }
    }

    /** Whether an item's value is wanted as the JSON bytes it came as ({@link ReplyFrame#decode(byte[], boolean)}). */
    default boolean raw() {
        return false;
    }

    /** A non-stream call: the first frame completes it (a later {@code __end__} is dropped, PROTOCOL.md §3). */
    final class Single implements PendingCall {
        final CompletableFuture<ReplyFrame> future = new CompletableFuture<>();
        private final long expiresAt;
        private final boolean raw;

        Single(long expiresAt) {
            this(expiresAt, false);
        }

        /** {@code raw}: see {@link PendingCall#raw()}. */
        Single(long expiresAt, boolean raw) {
            this.expiresAt = expiresAt;
            this.raw = raw;
        }

        @Override
        public boolean raw() {
            return raw;
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
        final FrameQueue frames = new FrameQueue();
        /** Where a cancel goes (PROTOCOL.md §7): the first item's reply_to, from a farine server; null before or from others. */
        volatile String cancelTo;
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
            frames.add(frame, frame.kind() != ReplyFrame.Kind.ITEM);
        }

        @Override
        public void fail(RuntimeException failure) {
            frames.add(failure, true);
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
