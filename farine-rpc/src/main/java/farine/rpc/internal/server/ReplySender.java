package farine.rpc.internal.server;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import farine.ConfigException;
import farine.ConfigSection;
import farine.FarineException;
import farine.amqp.spi.WriteBatch;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a server's replies. Replies go to the default exchange with routing key {@code reply_to}
 * (PROTOCOL.md §3), which reaches original clients' queues, farine reply queues and direct reply-to
 * alike. Thread-safe: workers publish concurrently, and the frames of one reply stay together.
 *
 * <p>A reply's last frame carries a continuation ({@link #sendThen}, {@link #sendLast}), which
 * acknowledges its request. Two ways, one per server:
 * <ul>
 * <li><b>Ordered</b> (the default): the channel is the one the requests are delivered on (the serving
 * connection's, {@link farine.amqp.spi.AmqpConnection#serving()}), and the continuation runs as soon as
 * the frames are written, so the acknowledgement follows the reply on that channel. The broker handles a
 * channel's commands in order: it never takes the acknowledgement without having routed the reply first,
 * and if the connection dies before the reply is out, the acknowledgement is lost with it and the request
 * is delivered again. No confirm round trip.</li>
 * <li><b>Confirmed</b> ({@code reply_confirm = true}): the channel is one of the publishing connection's, in
 * confirm mode, and the continuation runs once the broker has confirmed the last frame, on that connection's
 * reader thread: the request is acknowledged only when its reply can no longer be lost, and a reply the broker
 * refuses ({@code basic.nack}) is known as such ({@link Refused}).</li>
 * </ul>
 *
 * <p>A one-value reply ({@link #sendThen}) does not wait for the channel: it is queued, and whichever
 * worker holds the channel publishes every queued reply before letting go (combining). Under load this
 * replaces a lock hand-off per reply, each a virtual thread parked and unparked, with a queue insert;
 * every release of the lock is followed by a look at the queue, so a queued reply never waits for a
 * later one.
 */
public final class ReplySender {

    private static final Logger LOG = LoggerFactory.getLogger(ReplySender.class);

    /**
     * {@code reply_confirm = true}: replies go on a channel of the publishing connection and each request is
     * acknowledged on its reply's confirm, instead of right after its reply on the request's own channel.
     */
    public static final String REPLY_CONFIRM = "reply_confirm";

    // not a monitor: many workers reply at once, and a contended monitor spins on the CPU the broker needs
    private final ReentrantLock lock = new ReentrantLock();

    // confirmed: replaced (under the lock, before the next publish) after the broker closed it; ordered: the request's
    private volatile Channel channel;
    private final Supplier<Channel> opener; // confirmed: a new channel of the publishing connection; ordered: null
    private volatile boolean closedByBroker;
    private volatile FatalReplies fatal;
    private final int deliveryMode;
    private final boolean confirms;
    private final ConcurrentLinkedQueue<Queued> queued;
    // confirmed: the continuation of each reply's last frame, by its publish sequence number
    private final Unconfirmed unconfirmed = new Unconfirmed();
    // where the last RECENT frames went (reply_to, correlation id) and their size, written under the lock: for FatalReplies
    private static final int RECENT = 128;
    private final String[] recentTo = new String[RECENT];
    private final String[] recentIds = new String[RECENT];
    private final int[] recentSizes = new int[RECENT];
    private volatile long written;
    private long since; // frames written before the channel last died, under sinceLastDeath's monitor

    /** A reply of one or two frames waiting for the channel, and what to do once it is out or has failed. */
    record Queued(String replyTo, AMQP.BasicProperties properties, byte[] first, byte[] second, Consumer<Exception> then) {
    }

    /**
     * Ordered: replies on {@code channel}, the one the requests are delivered on; the continuation runs once the frames
     * are written, so that the acknowledgement it sends there follows them.
     */
    static ReplySender ordered(Channel channel, int deliveryMode) {
        return new ReplySender(channel, deliveryMode, false, new ConcurrentLinkedQueue<>());
    }

    /**
     * Confirmed: replies on a channel of the publishing connection that {@code opener} opens, put in confirm mode here;
     * a new one when the broker closed the last (a channel error), before the next reply.
     */
    static ReplySender confirmed(Supplier<Channel> opener, int deliveryMode) {
        return new ReplySender(opener.get(), deliveryMode, true, new ConcurrentLinkedQueue<>(), opener);
    }

    /** With the queue of waiting replies given: a test widens the window between its last poll and the unlock. */
    ReplySender(Channel channel, int deliveryMode, boolean confirms, ConcurrentLinkedQueue<Queued> queued) {
        this(channel, deliveryMode, confirms, queued, null);
    }

    private ReplySender(Channel channel, int deliveryMode, boolean confirms, ConcurrentLinkedQueue<Queued> queued, Supplier<Channel> opener) {
        this.channel = channel;
        this.deliveryMode = deliveryMode;
        this.confirms = confirms;
        this.queued = queued;
        this.opener = opener;
        if (confirms) {
            confirming(channel);
        }
    }

    private void confirming(Channel ch) {
        try {
            ch.confirmSelect();
        } catch (IOException e) {
            throw new FarineException("cannot enable publisher confirms on the reply channel: " + e.getMessage(), e);
        }
        ch.addConfirmListener((seq, multiple) -> confirmed(seq, multiple, null),
                (seq, multiple) -> confirmed(seq, multiple, new Refused()));
        ch.addShutdownListener(cause -> {
            if (ch != channel) {
                return; // a late word about a channel already replaced: what is unconfirmed now is the new one's
            }
            // in this order: lost() puts the requests back, and one delivered again at once must find the channel
            // marked for replacement and its death counted
            if (opener != null && !cause.isHardError() && !cause.isInitiatedByApplication() && !closedByBroker) {
                // a connection that dies is recovered with its channels; a channel the broker closed is not
                LOG.error("the broker closed the reply channel: {}; replies go on a new channel", FatalReplies.describe(cause));
                closedByBroker = true;
            }
            FatalReplies watcher = fatal;
            if (watcher != null) {
                watcher.died(sinceLastDeath(), cause);
            }
            lost(cause);
        });
    }

    /** Under the lock, before a publish: the channel, a new one if the broker closed the last (confirmed only). */
    private Channel current() {
        if (closedByBroker) {
            Channel old = channel;
            try {
                Channel ch = opener.get();
                confirming(ch);
                channel = ch;
                closedByBroker = false;
                // so that the connection's recovery forgets it; close, not abort: the client would tell its listeners
                // again and may wait 10 s for a close-ok; on a thread of its own, not holding replies back meanwhile
                Thread.ofVirtual().name("farine-reply-channel-close").start(() -> {
                    try {
                        old.close();
                    } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
                        LOG.debug("closing the closed reply channel: {}", e.toString());
                    }
                });
                LOG.info("replies go on a new channel of the publishing connection");
            } catch (RuntimeException e) {
                LOG.error("cannot open a new reply channel: {}; the reply fails and its request goes back to the queue", e.toString());
            }
        }
        return channel;
    }

    /**
     * The {@code reply_confirm} of a section: whether replies are confirmed before their request is acknowledged
     * (default false: ordered on the request's channel). The section's {@code confirm} does not change replies.
     */
    public static boolean replyConfirms(ConfigSection section) {
        return section.bool(REPLY_CONFIRM, false);
    }

    /** The properties of every reply frame to one request; build once, send many. */
    AMQP.BasicProperties properties(String correlationId) {
        return new AMQP.BasicProperties.Builder()
                .contentType("application/json").contentEncoding("utf-8").deliveryMode(deliveryMode)
                .correlationId(correlationId).build();
    }

    /** Publishes a frame that is not a reply's last (a stream's item), in this thread. */
    void send(String replyTo, AMQP.BasicProperties properties, byte[] body) throws IOException {
        lock.lock();
        try {
            wrote(replyTo, properties, body.length);
            current().basicPublish("", replyTo, properties, body);
        } finally {
            unlockAndDrain();
        }
    }

    /**
     * Publishes a reply's last frame in this thread; {@code then} gets {@code null} once it is confirmed (or, ordered,
     * once it is written, before this method returns), or what kept it from going out after this method returned (a nack, a lost
     * channel). A failure to publish is thrown here, and {@code then} is not called.
     */
    void sendLast(String replyTo, AMQP.BasicProperties properties, byte[] body, Consumer<Exception> then) throws IOException {
        boolean written = false;
        lock.lock();
        try {
            current();
            long seq = confirms ? register(then) : -1;
            try {
                wrote(replyTo, properties, body.length);
                channel.basicPublish("", replyTo, properties, body);
            } catch (IOException | RuntimeException e) {
                if (confirms) {
                    unconfirmed.remove(seq);
                }
                throw e;
            }
            written = true;
        } finally {
            unlockAndDrain();
        }
        if (written && !confirms) {
            then.accept(null);
        }
    }

    /**
     * Publishes one value's frames back to back ({@code second} null: one frame; else a single reply and its
     * end), then calls {@code then} with {@code null} once they are out (written, or confirmed), or with the
     * IOException or {@link ShutdownSignalException} that kept them from going out. Both may happen in another
     * thread, before or after this method returns; {@code then} must not block. Never throws.
     */
    void sendThen(String replyTo, AMQP.BasicProperties properties, byte[] first, byte[] second, Consumer<Exception> then) {
        queued.add(new Queued(replyTo, properties, first, second, then));
        if (lock.tryLock()) {
            unlockAndDrain();
        }
    }

    /**
     * Under the lock, before the publish (the broker may close the channel for it before basicPublish returns): where the
     * frame goes and its size (of two frames, the larger), remembered until the channel dies ({@link #watchedBy}).
     * Three array stores and a volatile write.
     */
    private void wrote(String replyTo, AMQP.BasicProperties properties, int size) {
        long n = written;
        int at = (int) n & (RECENT - 1);
        recentTo[at] = replyTo;
        recentIds[at] = properties.getCorrelationId();
        recentSizes[at] = size;
        written = n + 1;
    }

    /**
     * Tells {@code fatal} each time the channel (or its connection) dies which requests' replies were written on it
     * since it last died (at most the last {@value #RECENT}): one of them may be what made the broker end it.
     */
    void watchedBy(FatalReplies fatal) {
        this.fatal = fatal;
        if (!confirms) {
            // confirmed: told by the listener confirming() adds to each of its channels, before the requests go back
            channel.addShutdownListener(cause -> fatal.died(sinceLastDeath(), cause));
        }
    }

    /**
     * The requests ({@link FatalReplies.Sent}) whose frames were written since the last call, each once with its
     * largest frame. Called on the connection's reader thread while workers may still write: when the ring wraps
     * meanwhile an entry may pair one frame's reply_to with another's correlation id or size; that can only add a
     * count to a key no request has, or to a request that did write on the channel: bounded, and rare.
     */
    synchronized List<FatalReplies.Sent> sinceLastDeath() {
        long n = written; // volatile read: the entries below it are visible
        long from = Math.max(since, n - RECENT);
        since = n;
        Map<String, FatalReplies.Sent> sent = new LinkedHashMap<>();
        for (long i = from; i < n; i++) {
            int at = (int) i & (RECENT - 1);
            FatalReplies.Sent frame = new FatalReplies.Sent(recentTo[at], recentIds[at], recentSizes[at]);
            sent.merge(frame.key(), frame, (a, b) -> a.size() >= b.size() ? a : b);
        }
        return List.copyOf(sent.values());
    }

    /** Under the lock, before the publish (a confirm may come before basicPublish returns): the next frame's number. */
    private long register(Consumer<Exception> then) {
        long seq = channel.getNextPublishSeqNo();
        unconfirmed.add(seq, then);
        return seq;
    }

    /**
     * Publishes every queued reply, releases the lock and settles those that failed (and, ordered, those that
     * went out), then, as long as replies are queued and the lock is free, does it again. A worker that queued
     * its reply while the lock was held found {@code tryLock} failing: the holder sees its reply here, after its
     * own unlock, so no reply is left behind. Settling (acknowledging) happens outside the lock, after each pass,
     * so that a holder kept busy by a steady stream of replies does not hold back acknowledgements; ordered, each
     * acknowledgement is written after its reply by this same thread, so it follows the reply on the channel.
     */
    private void unlockAndDrain() {
        do {
            List<Queued> published = null;
            List<Exception> failures = null;
            // outside the batch: opening a new channel waits for the broker's answer, which a held flush would delay
            current();
            // the replies of one pass go out with one socket write, and so do their acknowledgements (ordered)
            try (WriteBatch batch = WriteBatch.open()) {
                try {
                    Queued reply;
                    while ((reply = queued.poll()) != null) {
                        Exception failure = publish(reply);
                        if (failure != null || !confirms) {
                            if (published == null) {
                                published = new ArrayList<>();
                                failures = new ArrayList<>();
                            }
                            published.add(reply);
                            failures.add(failure);
                        }
                    }
                } finally {
                    lock.unlock();
                }
                for (int i = 0; published != null && i < published.size(); i++) {
                    settle(published.get(i).then(), failures.get(i), published.get(i).replyTo());
                }
            }
        } while (!queued.isEmpty() && lock.tryLock());
    }

    private Exception publish(Queued reply) {
        long seq = -1;
        try {
            wrote(reply.replyTo(), reply.properties(),
                    reply.second() == null ? reply.first().length : Math.max(reply.first().length, reply.second().length));
            if (reply.second() == null) {
                seq = confirms ? register(reply.then()) : -1;
                channel.basicPublish("", reply.replyTo(), reply.properties(), reply.first());
            } else {
                channel.basicPublish("", reply.replyTo(), reply.properties(), reply.first());
                seq = confirms ? register(reply.then()) : -1;
                channel.basicPublish("", reply.replyTo(), reply.properties(), reply.second());
            }
            return null;
        } catch (IOException | RuntimeException e) {
            // ShutdownSignalException (the channel or connection is closed) is a RuntimeException
            if (seq >= 0) {
                unconfirmed.remove(seq);
            }
            return e;
        }
    }

    /** The broker confirmed (or refused) frames up to {@code seq}; runs on the connection's reader thread. */
    private void confirmed(long seq, boolean multiple, Exception failure) {
        // the acknowledgements of the requests one confirm settles go out with one socket write
        try (WriteBatch batch = WriteBatch.open()) {
            settleConfirmed(seq, multiple, failure);
        }
    }

    private void settleConfirmed(long seq, boolean multiple, Exception failure) {
        if (multiple) {
            Consumer<Exception> then;
            while ((then = unconfirmed.pollUpTo(seq)) != null) {
                settle(then, failure, null);
            }
        } else {
            Consumer<Exception> then = unconfirmed.remove(seq);
            if (then != null) {
                settle(then, failure, null);
            }
        }
    }

    /**
     * The channel is gone: no confirm will come for what it has not confirmed, which may or may not have
     * reached its queue; the requests go back to be served again (at least once: the caller keeps the first reply).
     */
    private void lost(ShutdownSignalException cause) {
        Consumer<Exception> then;
        while ((then = unconfirmed.pollUpTo(Long.MAX_VALUE)) != null) {
            settle(then, cause, null);
        }
    }

    private static void settle(Consumer<Exception> then, Exception failure, String replyTo) {
        try {
            then.accept(failure);
        } catch (RuntimeException e) {
            LOG.error("settling a reply{} failed", replyTo == null ? "" : " to " + replyTo, e);
        }
    }

    /** Waits up to {@code timeout} for the broker to confirm (or refuse) every reply published so far. */
    void awaitConfirms(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!unconfirmed.isEmpty() && System.nanoTime() - deadline < 0 && channel.isOpen()) {
            LockSupport.parkNanos(1_000_000); // on shutdown only
        }
    }

    void close() {
        try {
            channel.abort();
        } catch (Exception e) {
            // closing on shutdown; nothing to tell
        }
    }

    /**
     * The continuations of the replies not yet confirmed, in the order of their sequence numbers, which rise: they are
     * added under the sender's lock, one per published last frame. A ring of two arrays under its own monitor (held
     * for a few instructions, never while a continuation runs) instead of a skip list: no node, index or boxed number
     * per reply, and the confirms, which come in order, take from the head.
     */
    static final class Unconfirmed {
        private long[] seqs = new long[64];
        private Object[] thens = new Object[64];
        private int head;
        private int size;

        synchronized void add(long seq, Consumer<Exception> then) {
            if (size == seqs.length) {
                long[] s = new long[size * 2];
                Object[] t = new Object[size * 2];
                for (int i = 0; i < size; i++) {
                    s[i] = seqs[(head + i) & (size - 1)];
                    t[i] = thens[(head + i) & (size - 1)];
                }
                seqs = s;
                thens = t;
                head = 0;
            }
            int at = (head + size) & (seqs.length - 1);
            seqs[at] = seq;
            thens[at] = then;
            size++;
        }

        /** Removes and returns the first continuation if its number is at most {@code seq}, else null. */
        @SuppressWarnings("unchecked")
        synchronized Consumer<Exception> pollUpTo(long seq) {
            if (size == 0 || seqs[head] > seq) {
                return null;
            }
            Consumer<Exception> then = (Consumer<Exception>) thens[head];
            thens[head] = null;
            head = (head + 1) & (seqs.length - 1);
            size--;
            return then;
        }

        /** Removes and returns the continuation of {@code seq}, or null: the head for a confirm, the tail for a failed publish. */
        @SuppressWarnings("unchecked")
        synchronized Consumer<Exception> remove(long seq) {
            int mask = seqs.length - 1;
            for (int i = 0; i < size; i++) {
                int at = (head + i) & mask;
                if (seqs[at] == seq) {
                    Consumer<Exception> then = (Consumer<Exception>) thens[at];
                    // close the gap: the entries after it move one place towards the head
                    for (int j = i; j < size - 1; j++) {
                        int to = (head + j) & mask;
                        int from = (head + j + 1) & mask;
                        seqs[to] = seqs[from];
                        thens[to] = thens[from];
                    }
                    thens[(head + size - 1) & mask] = null;
                    size--;
                    return then;
                }
                if (seqs[at] > seq) {
                    return null;
                }
            }
            return null;
        }

        synchronized boolean isEmpty() {
            return size == 0;
        }

        synchronized int size() {
            return size;
        }
    }

    /**
     * The broker refused a reply ({@code basic.nack}: for instance a full {@code x-overflow = reject-publish} reply
     * queue): unlike a lost channel, where the reply's fate is unknown, the broker answered, and will likely answer so again.
     */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused() {
            super("the broker refused the reply (basic.nack)");
        }
    }
}
