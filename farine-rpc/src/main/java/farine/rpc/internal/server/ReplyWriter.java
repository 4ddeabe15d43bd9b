package farine.rpc.internal.server;

import com.rabbitmq.client.AMQP;
import farine.rpc.internal.wire.ReplyFrame;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Turns what one RPC method returned into reply frames for one request (PROTOCOL.md §3): a plain
 * value is one item then the end; a stream, iterator, non-collection iterable or publisher is one
 * item per element then the end; a failure after some items is an {@code __except__} frame after them.
 * Runs on the worker's thread.
 */
final class ReplyWriter {

    private final ReplySender sender;
    private final String replyTo;
    private final AMQP.BasicProperties properties;
    // the caller asked for one reply message (RequestHeaders.SINGLE_REPLY_HEADER): a plain value goes without its __end__
    private final boolean single;
    private final long maxReply;
    // items published so far: a stream cut short by a stopping container is requeued only while this is 0
    private volatile int sent;
    // a stream's cancel (StreamCancels): IDLE or PRODUCING while it runs, INTERRUPTING then CANCELLED once its caller
    // cancelled; a plain field and a VarHandle rather than an AtomicInteger, so that a call that does not stream
    // allocates nothing more
    private static final int IDLE = 0;
    private static final int PRODUCING = 1;
    private static final int INTERRUPTING = 2;
    private static final int CANCELLED = 3;
    private static final VarHandle STATE;
    private volatile int state;
    private Thread worker; // the thread that produces a stream's items, read by cancel after it saw PRODUCING
    private AMQP.BasicProperties first; // the first item's properties: reply_to is the cancel queue
    private volatile java.util.concurrent.CompletableFuture<Void> completion; // a publisher's completion, which a cancel completes

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ReplyWriter.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    ReplyWriter(ReplySender sender, String replyTo, String correlationId) {
        this(sender, replyTo, correlationId, false, Long.MAX_VALUE);
    }

    /**
     * {@code single}: the caller understands a plain value without its {@code __end__} (PROTOCOL.md §3, additions);
     * {@code maxReply}: the largest frame published ({@code max_reply_size}), a larger one is {@link TooLarge}.
     */
    ReplyWriter(ReplySender sender, String replyTo, String correlationId, boolean single, long maxReply) {
        this.sender = sender;
        this.replyTo = replyTo;
        this.single = single;
        this.maxReply = maxReply;
        // every frame of one reply carries the same properties
        this.properties = sender.properties(correlationId);
    }

    String replyTo() {
        return replyTo;
    }

    static boolean streams(Object result) {
        return result instanceof Stream<?> || result instanceof Iterator<?> || result instanceof Flow.Publisher<?>
                || (result instanceof Iterable<?> && !(result instanceof Collection<?>) && !(result instanceof JsonNode)
                        && !(result instanceof Path));
    }

    /** How many item frames have been published (not counting the end or a failure frame). */
    int sent() {
        return sent;
    }

    /**
     * Writes a value that is not a stream ({@link #streams} is false): one item then the end (the item alone
     * for a caller that asked for one reply message), published by
     * whichever worker next holds the channel ({@link ReplySender#sendThen}), after which {@code then} gets
     * {@code null} or what kept the frames from going out. A value that cannot be serialized throws here,
     * before anything is queued, and so does one whose frame is larger than {@code max_reply_size} ({@link TooLarge}).
     */
    void writeValue(Object value, Consumer<Exception> then) {
        sender.sendThen(replyTo, properties, checked(ReplyFrame.item(value)), single ? null : ReplyFrame.end(), then);
    }

    /** {@code frame}, unless it is larger than {@code max_reply_size}: the broker would close the channel for it. */
    private byte[] checked(byte[] frame) {
        if (frame.length > maxReply) {
            throw new TooLarge(frame.length, maxReply, sent);
        }
        return frame;
    }

    /** {@link #write(Object, StreamCancels, Consumer)} without a cancel address (the stream always runs to its end). */
    void write(Object result, Consumer<Exception> then) throws IOException {
        write(result, null, then);
    }

    /**
     * Writes every frame of {@code result}, a stream ({@link #streams}), in this thread; {@code then} is called
     * once the last frame is out (see {@link ReplySender#sendLast}), unless this method throws. A failure while producing items is rethrown as a
     * {@link StreamFailure} (the caller sends the failure frame); an interrupt while waiting for a
     * publisher's next item cancels its subscription and is rethrown as a {@link StreamFailure} whose
     * failure is the {@link InterruptedException}, with the interrupt flag set; a failure to publish is an
     * IOException. With {@code cancels} (null: none) the first item carries the cancel queue as {@code reply_to}
     * and the caller may cancel the stream ({@link #cancel}): then the stream, iterator (when {@link AutoCloseable})
     * or subscription is closed, no further frame goes out, and {@link Cancelled} is thrown.
     */
    void write(Object result, StreamCancels cancels, Consumer<Exception> then) throws IOException {
        String queue = cancels == null ? null : cancels.queue();
        if (queue != null) {
            worker = Thread.currentThread();
            first = properties.builder().replyTo(queue).build();
            cancels.running(properties.getCorrelationId(), this);
        }
        try {
            if (result instanceof Stream<?> stream) {
                try (stream) {
                    items(stream.iterator());
                }
            } else if (result instanceof Iterator<?> iterator) {
                closing(iterator);
            } else if (result instanceof Flow.Publisher<?> publisher) {
                publish(publisher);
            } else if (streams(result)) {
                closing(((Iterable<?>) result).iterator());
            } else {
                throw new IllegalArgumentException("not a stream: " + (result == null ? "null" : result.getClass().getName())
                        + " (a plain value goes to writeValue)");
            }
        } finally {
            if (queue != null) {
                cancels.done(properties.getCorrelationId(), this);
            }
        }
        sender.sendLast(replyTo, properties, ReplyFrame.end(), then);
    }

    /**
     * The items of {@code iterator}; closed (when it is {@link AutoCloseable}) if its caller cancelled or an item was
     * over {@code max_reply_size}: either way the stream ends here, as a {@code Stream} is closed and a publisher's
     * subscription cancelled.
     */
    private void closing(Iterator<?> iterator) throws IOException {
        try {
            items(iterator);
        } catch (Cancelled | TooLarge e) {
            if (iterator instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception failure) {
                    e.addSuppressed(failure);
                }
            }
            throw e;
        }
    }

    /**
     * The caller cancelled the stream (from the cancel queue's consumer thread; never blocks): a worker inside the
     * method's {@code hasNext}/{@code next} is interrupted, one that is publishing is not (an interrupt there could
     * close the connection's socket) and stops before asking for the next item; a publisher's subscription is cancelled.
     */
    void cancel() {
        while (true) {
            int s = state;
            if (s == IDLE && STATE.compareAndSet(this, IDLE, CANCELLED)) {
                break;
            }
            if (s == PRODUCING && STATE.compareAndSet(this, PRODUCING, INTERRUPTING)) {
                worker.interrupt();
                state = CANCELLED;
                break;
            }
            if (s == INTERRUPTING || s == CANCELLED) {
                return;
            }
        }
        java.util.concurrent.CompletableFuture<Void> done = completion;
        if (done != null) {
            done.completeExceptionally(Cancelled.INSTANCE);
        }
    }

    /** Whether the caller cancelled. */
    boolean cancelled() {
        return state >= INTERRUPTING;
    }

    /** Before asking the method for an item; {@link Cancelled} if the caller cancelled. */
    private void producing() {
        if (!STATE.compareAndSet(this, IDLE, PRODUCING)) {
            throw Cancelled.INSTANCE;
        }
    }

    /** After the method answered (or threw); false if the caller cancelled meanwhile (its interrupt then cleared). */
    private boolean produced() {
        if (STATE.compareAndSet(this, PRODUCING, IDLE)) {
            return true;
        }
        while (state == INTERRUPTING) {
            Thread.onSpinWait(); // the canceller is between its compareAndSet and its interrupt: a few instructions
        }
        Thread.interrupted(); // ours, not the container's: the worker goes on to close the stream and acknowledge
        return false;
    }

    private void items(Iterator<?> iterator) throws IOException {
        while (true) {
            Object item;
            producing();
            try {
                item = iterator.hasNext() ? iterator.next() : END;
            } catch (Throwable e) {
                // also a checked exception thrown undeclared (Kotlin, @SneakyThrows): the method's failure, never taken
                // for a publishing one (an IOException from here would requeue the request for ever), and the state
                // leaves PRODUCING, so that a late cancel interrupts nobody
                if (!produced()) {
                    throw Cancelled.INSTANCE; // the method's failure is the cancel's interrupt
                }
                throw new StreamFailure(e);
            }
            if (!produced()) {
                throw Cancelled.INSTANCE;
            }
            if (item == END) {
                break;
            }
            item(item);
        }
    }

    private static final Object END = new Object();

    private void item(Object item) throws IOException {
        AMQP.BasicProperties p = sent == 0 && first != null ? first : properties;
        sender.send(replyTo, p, checked(ReplyFrame.item(item)));
        sent++; // onNext calls never overlap (Flow's rule), so no lost update; volatile for the worker that reads it
    }

    /** Requests one element at a time, so a fast publisher cannot outrun the broker. */
    private void publish(Flow.Publisher<?> publisher) throws IOException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        completion = done;
        if (cancelled()) {
            throw Cancelled.INSTANCE;
        }
        AtomicReference<Flow.Subscription> subscribed = new AtomicReference<>();
        publisher.subscribe(new Flow.Subscriber<Object>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                subscribed.set(s);
                s.request(1);
            }

            @Override
            public void onNext(Object item) {
                if (done.isDone()) {
                    subscription.cancel();
                    return;
                }
                try {
                    item(item);
                    subscription.request(1);
                } catch (IOException | RuntimeException e) {
                    subscription.cancel();
                    done.completeExceptionally(e);
                }
            }

            @Override
            public void onError(Throwable failure) {
                done.completeExceptionally(new StreamFailure(failure));
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        try {
            // interruptible: a publisher that never completes must not outlive a stopping container
            done.get();
        } catch (InterruptedException e) {
            done.cancel(false);
            // the publisher may hold a thread or a resource for this subscriber: tell it to stop
            Flow.Subscription subscription = subscribed.get();
            if (subscription != null) {
                try {
                    subscription.cancel();
                } catch (RuntimeException ignored) {
                    // Flow's contract: cancel does not throw; a publisher that does cannot keep us here
                }
            }
            Thread.currentThread().interrupt();
            throw new StreamFailure(e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Cancelled cancelled) {
                Flow.Subscription subscription = subscribed.get();
                if (subscription != null) {
                    try {
                        subscription.cancel();
                    } catch (RuntimeException ignored) {
                        // Flow's contract: cancel does not throw
                    }
                }
                throw cancelled;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new StreamFailure(e.getCause());
        }
    }

    /** The caller cancelled the stream: nothing more goes out; its request is acknowledged. No stack trace, no state. */
    static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Cancelled INSTANCE = new Cancelled();

        private Cancelled() {
            super("stream cancelled by its caller", null, false, false);
        }
    }

    /**
     * A reply frame larger than {@code max_reply_size}, not published: {@code sent} items of the reply went out before
     * it. No stack trace: the reason is the whole story.
     */
    static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long size;
        private final long limit;
        private final int sent;

        TooLarge(long size, long limit, int sent) {
            super("reply of " + size + " bytes exceeds " + RpcSettings.MAX_REPLY_SIZE + " = " + limit + " bytes", null, false, false);
            this.size = size;
            this.limit = limit;
            this.sent = sent;
        }

        long size() {
            return size;
        }

        long limit() {
            return limit;
        }

        /** Items published before the one that was too large. */
        int sent() {
            return sent;
        }
    }

    /** The method's stream failed while producing an item (not a publishing failure). */
    static final class StreamFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StreamFailure(Throwable cause) {
            super(cause);
        }

        Throwable failure() {
            return getCause();
        }
    }
}
