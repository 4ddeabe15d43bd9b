package farine.amqp.spi;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import farine.FarineException;
import farine.spi.Backoff;
import farine.spi.Entrypoint;
import farine.spi.LogText;
import farine.spi.MethodContext;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one queue-consumer skeleton of farine's AMQP entry points ({@code @Consume}, {@code @RpcMethod}): opens a
 * channel on the consuming connection (or the one {@link #consumingConnection()} names), sets the prefetch, lets the
 * entry point {@link #declare} its topology, consumes; per message checks the size before anything parses the body, lets the entry point {@link #accept} it
 * (decode and bind, or answer it at once), runs the method as a worker ({@link MethodContext#start}, which says
 * synchronously whether it started: a message no worker took goes back to the queue) and hands the outcome to
 * {@link #handle}, which acks or nacks through the {@link Delivery}. {@link #stop} cancels the consumer (unacked
 * messages go back to the queue), {@link #kill} aborts its channel, and a consumer the broker cancels (its queue
 * deleted) fails the service. A channel the broker closes (a channel error) is said at ERROR and replaced: the method
 * consumes again on a new channel ({@link #declare} runs again for it), {@link #notReady} saying so meanwhile.
 *
 * <p>How many workers run at once ({@link Dispatch}): with {@link Dispatch#IN_ORDER} and concurrency 1 each message
 * runs on the client's delivery thread for the channel (a virtual thread), in queue order; otherwise, and with
 * {@link Dispatch#BY_PREFETCH} when the prefetch exceeds the concurrency, messages wait in an inbox for one of
 * {@code concurrency} permits, and a finishing worker takes the next one on its own thread (no thread woken per
 * message); with {@link Dispatch#BY_PREFETCH} and the prefetch equal to the concurrency the broker's prefetch alone
 * is the limit and each message starts its worker at once.
 *
 * <p>The hot path: nothing is made per message but the {@link Delivery} (which is also the worker's result handler).
 *
 * @param <D> the entry point's delivery type
 */
public abstract class QueueConsumer<D extends Delivery> implements Entrypoint {

    private static final Logger LOG = LoggerFactory.getLogger(QueueConsumer.class);

    /** How the number of workers at once is kept. */
    public enum Dispatch {
        /** Concurrency 1 runs each message on the delivery thread, in queue order; more go through the inbox. */
        IN_ORDER,
        /** The prefetch is the limit when it equals the concurrency; a larger prefetch goes through the inbox. */
        BY_PREFETCH
    }

    protected final MethodContext method;
    protected final AmqpConnection connection;
    private final String queue;
    private final String kind;
    private final BlockingQueue<D> inbox = new LinkedBlockingQueue<>();
    private int prefetch;
    private int concurrency;
    private boolean inline;
    private Semaphore permits; // null: the prefetch alone limits the workers
    private MessageSizeLimit sizeLimit;
    private volatile Channel channel;
    private volatile String consumerTag;
    private volatile boolean stopping;
    private final Object lifecycle = new Object();
    private final AtomicBoolean reopening = new AtomicBoolean();
    /** Between attempts to consume again after the broker closed the channel. */
    private static final Backoff REOPEN = Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(10)).with(Backoff.Jitter.UPPER_HALF);

    /** {@code kind}: the workers' kind ({@link farine.spi.Observer#CONSUME}, {@link farine.spi.Observer#RPC}). */
    protected QueueConsumer(MethodContext method, AmqpConnection connection, String queue, String kind) {
        this.method = method;
        this.connection = connection;
        this.queue = queue;
        this.kind = kind;
    }

    /** Called from {@link #setup}: the channel's prefetch, the workers at most at once and how they are kept to it. */
    protected final void limits(int prefetch, int concurrency, Dispatch dispatch) {
        this.prefetch = prefetch;
        this.concurrency = concurrency;
        this.sizeLimit = MessageSizeLimit.from(method.config());
        this.inline = dispatch == Dispatch.IN_ORDER && concurrency == 1;
        this.permits = dispatch == Dispatch.IN_ORDER || prefetch > concurrency ? new Semaphore(concurrency) : null;
    }

    /**
     * The connection the consumer's channel is opened on, asked once at {@link #start}: the handle's consuming
     * connection. An RPC server consumes on {@link AmqpConnection#serving()}, where it also publishes its replies on
     * the channel its requests come on.
     */
    protected com.rabbitmq.client.Connection consumingConnection() {
        return connection.consuming();
    }

    /** Declares what the consumer needs on {@code channel} (exchange, queue, binding), and anything else before it consumes. */
    protected abstract void declare(Channel channel) throws IOException;

    /** The entry point's delivery for a message received on {@code channel} (the delivery thread). */
    protected abstract D deliver(Channel channel, Envelope envelope, AMQP.BasicProperties properties, byte[] body);

    /** A message over {@code max_message_size}, refused before anything parsed it: answer it (and settle it). */
    protected abstract void tooLarge(D delivery, long size, MessageSizeLimit limit);

    /**
     * Before the method, on the delivery thread (or a finishing worker's): the method's payload, or null when the
     * message was answered here (refused, dead-lettered, dropped), settled or left to settle by the entry point.
     */
    protected abstract Object[] accept(D delivery);

    /** The worker's outcome, on its thread while its dependencies are held: what it turns into (an ack, a retry, a reply). */
    protected abstract void handle(D delivery, Object result, Throwable failure) throws Exception;

    /**
     * Something failed unexpectedly between receiving the message and starting its worker (a bug): by default logged
     * and put back in the queue once, dropped (after the ERROR line) if it had been delivered before, so that it
     * cannot loop.
     */
    protected void unhandled(D delivery, Throwable failure) {
        LOG.error("{}: message handling failed (correlation_id={}, redelivered={}); body {}", where(),
                LogText.escape(delivery.correlationId()), delivery.envelope().isRedeliver(), LogText.excerpt(delivery.body(), 200), failure);
        delivery.ackOrRequeue(delivery.envelope().isRedeliver());
    }

    @Override
    public void start() {
        try {
            open();
        } catch (IOException | ShutdownSignalException e) {
            throw new FarineException(where() + ": cannot consume from queue '" + queue + "' at " + connection.describe() + ": "
                    + reason(e), e);
        }
    }

    /**
     * Opens the channel, declares, consumes. Under {@code lifecycle}, so that a {@link #stop} never misses the
     * consumer of a channel {@link #reopen} is opening.
     */
    private void open() throws IOException {
        synchronized (lifecycle) {
            if (stopping) {
                return;
            }
            Channel c = connection.channel(consumingConnection());
            try {
                c.basicQos(prefetch);
                declare(c);
                if (permits != null) {
                    // deliveries not yet dispatched die with the channel; the broker delivers them again (after recovery)
                    c.addShutdownListener(cause -> inbox.clear());
                }
                c.addShutdownListener(cause -> closed(c, cause));
                consumerTag = c.basicConsume(queue, false, new Receiver(c));
                channel = c; // from here on a close of c is replaced (closed): one that failed to open is not
                if (stopping) {
                    // kill() does not wait for this lock (it must not block): it set stopping, then read the channel.
                    // Both volatile, so either it read c and aborts it, or this sees stopping; without this a channel
                    // opened by a reopen during a kill lived on, consumer and all, until its connection closed
                    discard(c);
                }
            } catch (IOException | RuntimeException e) {
                discard(c);
                throw e;
            }
        }
    }

    /**
     * The channel shut down (on the connection's reader thread). A connection that died takes its channels with it and
     * the client's recovery opens them again, consumers included; a channel the broker closed on its own (a channel
     * error: a reply over the broker's {@code max_message_size}, an unknown delivery tag) stays closed, so without this
     * the method would stop consuming on this instance for good. Like a cancelled consumer, it is said at ERROR, with
     * the broker's reason, and a new channel consumes again, from a thread of its own.
     */
    private void closed(Channel c, ShutdownSignalException cause) {
        // the client may tell a listener of an AutorecoveringChannel twice: one reopening at a time, of the current channel
        if (stopping || cause.isHardError() || cause.isInitiatedByApplication() || channel != c || !reopening.compareAndSet(false, true)) {
            return;
        }
        LOG.error("{}: the broker closed the channel consuming from queue '{}': {}; its unacknowledged messages go back to the"
                + " queue, and a new channel consumes again", where(), queue, LogText.escape(reason(cause)));
        Thread.ofVirtual().name("farine-reopen-" + queue).start(() -> {
            try {
                reopen(c);
            } finally {
                reopening.set(false);
            }
            // closed again before the flag went down (its listener found it up): not left unreplaced
            Channel now = channel;
            if (now != c && now != null && !now.isOpen() && now.getCloseReason() != null) {
                closed(now, now.getCloseReason());
            }
        });
    }

    /** Consumes again on a new channel, attempts spaced by {@link #REOPEN}, until it does or the consumer stops. */
    private void reopen(Channel dead) {
        // an AutorecoveringChannel the broker closed stays registered with its connection: forget it, or a later
        // connection recovery would bring it back beside the new one, consumer and all
        discard(dead);
        for (int attempt = 1; !stopping; attempt++) {
            try {
                open();
                LOG.info("{}: consuming from queue '{}' again, on a new channel", where(), queue);
                return;
            } catch (IOException | RuntimeException e) {
                LOG.error("{}: cannot consume from queue '{}' again (attempt {}): {}; trying again", where(), queue, attempt,
                        LogText.escape(reason(e)));
            }
            try {
                Thread.sleep(REOPEN.delay(attempt).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Aborts {@code c} if it is open, else closes it, which also makes its connection forget it (no recovery brings it
     * back); the close of a closed channel throws at once. Not abort for a closed one: the client would tell its
     * shutdown listeners again, with the broker's reason, and may wait up to 10 s for a close-ok that never comes.
     */
    private static void discard(Channel c) {
        try {
            if (c.isOpen()) {
                c.abort();
            } else {
                c.close();
            }
        } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
            LOG.debug("closing a closed channel: {}", e.toString());
        }
    }

    /** Cancels the consumer: messages not yet dispatched stay unacked and return to the queue when the channel closes. */
    @Override
    public void stop() {
        Channel c;
        String tag;
        synchronized (lifecycle) {
            stopping = true;
            c = channel;
            tag = consumerTag;
        }
        if (c != null && tag != null && c.isOpen()) {
            try {
                c.basicCancel(tag); // running workers keep the channel to acknowledge
            } catch (IOException | RuntimeException e) {
                LOG.debug("{}: cancel: {}", where(), e.toString());
            }
        }
    }

    /** Aborts the channel; never throws. */
    @Override
    public void kill() {
        stopping = true; // before reading channel: open() reads stopping after writing it (see there)
        Channel c = channel;
        if (c != null) {
            try {
                c.abort();
            } catch (IOException | RuntimeException e) {
                LOG.debug("{}: abort: {}", where(), e.toString());
            }
        }
    }

    /** Not ready while the consumer is not registered (before start, or its channel down and recovering). */
    @Override
    public String notReady() {
        Channel c = channel;
        return c != null && c.isOpen() ? null : kind + " " + where() + ": not consuming from queue '" + queue + "'";
    }

    protected final String queue() {
        return queue;
    }

    protected final int concurrency() {
        return concurrency;
    }

    protected final boolean stopping() {
        return stopping;
    }

    /** {@code service.method}, for log lines. */
    protected String where() {
        return method.service().name() + "." + method.name();
    }

    /** Waits until no worker of this consumer runs (permits counted), up to {@code millis}; true if none does. */
    protected final boolean awaitIdle(long millis) throws InterruptedException {
        if (permits == null || !permits.tryAcquire(concurrency, millis, TimeUnit.MILLISECONDS)) {
            return permits == null;
        }
        permits.release(concurrency);
        return true;
    }

    /**
     * On the delivery thread: runs the message here (in order), starts its worker at once (the prefetch limits), or
     * queues it and, if a permit is free, dispatches from the head of the inbox. Only a permit holder takes from the
     * inbox, so with concurrency 1 messages run in queue order.
     */
    private void onDelivery(D delivery) {
        if (inline && Thread.currentThread().isVirtual()) {
            runHere(delivery);
        } else if (permits == null) {
            // also while stopping: the worker starts as long as the container still takes work, else it is requeued
            dispatch(delivery, false);
        } else {
            inbox.add(delivery);
            if (!stopping && permits.tryAcquire()) {
                chain(inbox.poll());
            }
        }
    }

    /**
     * Concurrency 1 in order: the message runs on this delivery thread, a virtual thread of the consuming connection, as
     * a hand-written consumer's would; the others wait in the client's queue for the channel, within the prefetch.
     * After the stop began a message is not run: it stays unacked and the broker delivers it again.
     */
    private void runHere(D delivery) {
        if (stopping) {
            return;
        }
        permits.acquireUninterruptibly(); // free but for awaitIdle's instant
        try {
            if (!stopping) {
                dispatch(delivery, true);
            }
        } finally {
            permits.release();
        }
    }

    /**
     * Holds a permit: dispatches {@code delivery} and, for as long as messages are answered here, the next ones in the
     * inbox; a started worker takes the permit over (see {@link #released}). The permit goes back when the inbox is
     * empty or the consumer stops, then the inbox is looked at once more: a message queued meanwhile found none free.
     */
    private void chain(D delivery) {
        D next = delivery;
        while (true) {
            while (next != null && !stopping) {
                if (dispatch(next, false)) {
                    return;
                }
                next = inbox.poll();
            }
            permits.release();
            if (stopping || inbox.isEmpty() || !permits.tryAcquire()) {
                return;
            }
            next = inbox.poll();
        }
    }

    /** True when a worker on a thread of its own took the message (and the permit, if any). */
    private boolean dispatch(D delivery, boolean here) {
        delivery.started = System.nanoTime();
        try {
            long size = MessageSizeLimit.sizeOf(delivery.properties(), delivery.body());
            if (sizeLimit.exceededBy(size)) {
                // checked before binding: parsing a huge body is what the limit protects the heap from
                tooLarge(delivery, size, sizeLimit);
                return false;
            }
            Object[] payload = accept(delivery);
            if (payload == null) {
                return false;
            }
            delivery.counted = !here && permits != null;
            if (method.start(method.worker(kind, delivery.correlationId(), delivery.properties().getHeaders()), payload, delivery, here)) {
                return !here;
            }
        } catch (Throwable t) {
            unhandled(delivery, t);
            return false;
        }
        // the container is stopping: another consumer of the queue takes it
        LOG.debug("{}: not run, requeued (correlation_id={})", where(), LogText.escape(delivery.correlationId()));
        delivery.ackOrRequeue(false);
        return false;
    }

    @SuppressWarnings("unchecked")
    final void handled(Delivery delivery, Object result, Throwable failure) throws Exception {
        handle((D) delivery, result, failure);
    }

    /** A worker on a thread of its own is done: if it held a permit, the permit goes to the next message, on this thread. */
    final void released(Delivery delivery) {
        if (delivery.counted) {
            chain(inbox.poll());
        }
    }

    private static String reason(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException s) {
                return s.getReason() instanceof AMQP.Channel.Close close ? close.getReplyText() : s.getMessage();
            }
        }
        return String.valueOf(e.getMessage());
    }

    /** Never lets an exception escape to the client library, which would close the channel. */
    private final class Receiver extends DefaultConsumer {
        Receiver(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            D delivery = deliver(getChannel(), envelope, properties, body);
            try {
                onDelivery(delivery);
            } catch (Throwable t) {
                unhandled(delivery, t);
            }
        }

        @Override
        public void handleCancel(String tag) {
            if (!stopping) {
                method.service().fail(kind + " " + where(), new FarineException("the broker cancelled the consumer of queue '"
                        + queue + "' (was it deleted?)"));
            }
        }
    }
}
