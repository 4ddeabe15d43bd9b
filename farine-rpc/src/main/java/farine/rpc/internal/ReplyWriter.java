package farine.rpc.internal;

import com.rabbitmq.client.AMQP;
import java.io.IOException;
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
    // the caller asked for one reply message (RpcRequest.SINGLE_REPLY_HEADER): a plain value goes without its __end__
    private final boolean single;
    // items published so far: a stream cut short by a stopping container is requeued only while this is 0
    private volatile int sent;

    ReplyWriter(ReplySender sender, String replyTo, String correlationId) {
        this(sender, replyTo, correlationId, false);
    }

    /** {@code single}: the caller understands a plain value without its {@code __end__} (PROTOCOL.md §3, additions). */
    ReplyWriter(ReplySender sender, String replyTo, String correlationId, boolean single) {
        this.sender = sender;
        this.replyTo = replyTo;
        this.single = single;
        // every frame of one reply carries the same properties
        this.properties = sender.properties(correlationId);
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
     * before anything is queued.
     */
    void writeValue(Object value, Consumer<Exception> then) {
        sender.sendThen(replyTo, properties, ReplyFrame.item(value), single ? null : ReplyFrame.end(), then);
    }

    /**
     * Writes every frame of {@code result}, a stream ({@link #streams}), in this thread; {@code then} is called
     * once the last frame is out (see {@link ReplySender#sendLast}), unless this method throws. A failure while producing items is rethrown as a
     * {@link StreamFailure} (the caller sends the failure frame); an interrupt while waiting for a
     * publisher's next item cancels its subscription and is rethrown as a {@link StreamFailure} whose
     * failure is the {@link InterruptedException}, with the interrupt flag set; a failure to publish is an
     * IOException.
     */
    void write(Object result, Consumer<Exception> then) throws IOException {
        if (result instanceof Stream<?> stream) {
            try (stream) {
                items(stream.iterator());
            }
        } else if (result instanceof Iterator<?> iterator) {
            items(iterator);
        } else if (result instanceof Flow.Publisher<?> publisher) {
            publish(publisher);
        } else if (streams(result)) {
            items(((Iterable<?>) result).iterator());
        } else {
            throw new IllegalArgumentException("not a stream: " + (result == null ? "null" : result.getClass().getName())
                    + " (a plain value goes to writeValue)");
        }
        sender.sendLast(replyTo, properties, ReplyFrame.end(), then);
    }

    private void items(Iterator<?> iterator) throws IOException {
        while (true) {
            Object item;
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                item = iterator.next();
            } catch (RuntimeException | Error e) {
                throw new StreamFailure(e);
            }
            item(item);
        }
    }

    private void item(Object item) throws IOException {
        sender.send(replyTo, properties, ReplyFrame.item(item));
        sent++; // onNext calls never overlap (Flow's rule), so no lost update; volatile for the worker that reads it
    }

    /** Requests one element at a time, so a fast publisher cannot outrun the broker. */
    private void publish(Flow.Publisher<?> publisher) throws IOException {
        CompletableFuture<Void> done = new CompletableFuture<>();
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
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new StreamFailure(e.getCause());
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
