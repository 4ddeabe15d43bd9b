package farine.rpc.internal.client;

import farine.rpc.internal.wire.ReplyFrame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A call waiting for replies, registered under its correlation id in a {@link ReplyListener}.
 * {@link #accept} and {@link #fail} run on the connection's reader thread (or the sweeper, or a closing
 * caller) and must not block.
 */
sealed interface PendingCall permits PendingCall.Single, PendingCall.Streamed, PendingCall.Async {

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
    RuntimeException EXPIRED = new Expired("call expired without being collected");

    /** When this entry may be swept if nobody collected it (System.nanoTime). */
    long expiresAt();

    /** The sweep and deadline markers: no stack trace, no state. */
    final class Expired extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private Expired(String message) {
            super(message, null, false, false);
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

    /**
     * A call whose result is a future ({@code callAsync}, a typed client's {@code CompletableFuture}): the frame or the
     * failure that ends it is handed to {@code completions} (a virtual thread of its own by default, never the reader
     * thread; {@code rpc_callbacks = reply_thread}: whichever thread ends it), where {@link #complete} turns it into the
     * caller's result. Its deadline is kept by its listener's {@link Deadlines}, linked through the call itself, so that
     * a call answered in time costs no timer of its own; ending the call unlinks it. One object per call stands for what
     * took four futures and a timer task: the frame's future, the timer's stage, the hand-over's stage and the
     * cancellation's stage.
     */
    abstract non-sealed class Async implements PendingCall, Runnable {
        static final byte NEW = 0;
        static final byte WAITING = 1;
        /** Out of the deadlines' list (its deadline passed, or the list closed), not yet ended. */
        static final byte DUE = 2;
        static final byte ENDED = 3;
        /** The outcome {@link #expire} hands over: no frame came before the deadline. */
        static final RuntimeException TIMED_OUT = new Expired("no reply before the call's deadline");

        final Deadlines deadlines;
        private final String id;
        private final long timeoutNanos;
        private final long expiresAt;
        private final Executor completions;
        // guarded by the deadlines' lock
        byte state;
        long deadline;
        Async previous;
        Async next;
        /** The frame, or the failure ({@link #TIMED_OUT}, {@link #EXPIRED}, ...): written before the hand-over, read after. */
        private Object outcome;

        /** {@code timeoutNanos} from {@link Deadlines#add}; the sweeper's backstop at twice that from now. */
        Async(Deadlines deadlines, String id, long timeoutNanos, Executor completions) {
            this.deadlines = deadlines;
            this.id = id;
            this.timeoutNanos = timeoutNanos;
            this.expiresAt = System.nanoTime() + timeoutNanos * 2;
            this.completions = completions;
        }

        final String id() {
            return id;
        }

        final long timeoutNanos() {
            return timeoutNanos;
        }

        @Override
        public final long expiresAt() {
            return expiresAt;
        }

        @Override
        public final boolean completes(ReplyFrame frame) {
            return true;
        }

        @Override
        public final void accept(ReplyFrame frame) {
            end(frame);
        }

        @Override
        public final void fail(RuntimeException failure) {
            end(failure);
        }

        /** The deadline passed: called by whoever took the call's entry at its deadline (the listener's timer). */
        final void expire() {
            end(TIMED_OUT);
        }

        private void end(Object how) {
            if (!deadlines.remove(this)) {
                // ended already: its reply, its deadline and its listener's close may race (the reader hands over a
                // reply whether or not it took the entry first); the first one ends it, once
                return;
            }
            outcome = how;
            completions.execute(this);
        }

        /** On the completions' thread: the caller's result from the frame, or its failure. */
        @Override
        public final void run() {
            Object how = outcome;
            if (how instanceof ReplyFrame frame) {
                complete(frame, null);
            } else {
                complete(null, (RuntimeException) how);
            }
        }

        /**
         * Completes the caller's result: from {@code frame}, or with {@code failure} ({@link #TIMED_OUT} and {@link #EXPIRED}
         * both meaning that no reply came in time).
         */
        abstract void complete(ReplyFrame frame, RuntimeException failure);
    }
}
