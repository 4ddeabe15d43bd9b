package farine.amqp.internal.publish;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import farine.amqp.PublishException;
import farine.amqp.internal.connection.AmqpConnector;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel in confirm mode and the messages it has not had confirmed yet. The happy path is one
 * lock, one map insert and one {@code basicPublish}; the broker's ack completes the future on the
 * client's I/O thread. Nacks, channel loss and returns take the slow path: retry with backoff
 * (waiting for recovery if the connection is down) until {@link PublishPolicy#retries()} or the
 * message's deadline ({@code publish_timeout}) runs out. Thread-safe.
 */
public final class ConfirmingChannel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfirmingChannel.class);
    // only with mandatory = true: lets a basic.return find its pending message
    public static final String SEQ_HEADER = "x-farine-publish-seq";

    private final AmqpConnector connector;
    private final Connection connection;
    private final PublishPolicy policy;
    private final ReentrantLock lock = new ReentrantLock();
    private final NavigableMap<Long, Pending> outstanding = new ConcurrentSkipListMap<>();
    private final Executor slowPath = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService sweeper;
    private volatile Channel channel;
    private volatile CompletableFuture<Void> open = CompletableFuture.completedFuture(null);
    private volatile boolean closed;
    private volatile boolean broken;

    public ConfirmingChannel(AmqpConnector connector, Connection connection, PublishPolicy policy) {
        this.connector = connector;
        this.connection = connection;
        this.policy = policy;
        this.channel = openChannel();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("farine-confirm-sweeper").factory());
        // confirms that never come (a stuck broker) must not hang callers: fail them at their deadline
        sweeper.scheduleWithFixedDelay(this::sweep, 250, 250, TimeUnit.MILLISECONDS);
    }

    /** The channel, for declaring topology on it; a new one if a channel error closed the last. */
    public Channel channel() {
        lock.lock();
        try {
            if (broken && connection.isOpen()) {
                broken = false;
                channel = openChannel();
            }
            return channel;
        } finally {
            lock.unlock();
        }
    }

    private Channel openChannel() {
        Channel c = connector.channel(connection);
        try {
            if (policy.confirm()) {
                c.confirmSelect();
            }
        } catch (IOException e) {
            throw new PublishException("?", "?", "cannot enable publisher confirms on " + connector.describe() + ": " + e.getMessage(), e);
        }
        c.addConfirmListener((seq, multiple) -> settle(seq, multiple, null), (seq, multiple) -> settle(seq, multiple, "nacked by the broker"));
        c.addReturnListener(this::returned);
        c.addShutdownListener(this::lost);
        if (c instanceof Recoverable recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable r) {
                    open.complete(null);
                }

                @Override
                public void handleRecoveryStarted(Recoverable r) {
                }
            });
        }
        return c;
    }

    /** Publishes; the future completes when confirmed, or fails with a {@link PublishException}. */
    public CompletableFuture<Void> publish(String exchange, String routingKey, boolean mandatory, AMQP.BasicProperties props, byte[] body) {
        Pending p = new Pending(exchange, routingKey, mandatory, props, body, System.nanoTime() + policy.timeout().toNanos());
        attempt(p);
        return p.future;
    }

    private void attempt(Pending p) {
        if (closed) {
            p.fail("the publisher is closed", null);
            return;
        }
        Throwable error = null;
        boolean written = false;
        lock.lock();
        try {
            Channel c = channel;
            if (broken && connection.isOpen()) {
                // a channel-level error (404 on a missing exchange) is not recovered by the client
                broken = false;
                c = channel = openChannel();
            }
            if (!policy.confirm()) {
                // fire and forget: done once written; a failure to write is retried like a lost channel
                try {
                    c.basicPublish(p.exchange, p.routingKey, p.mandatory, p.props, p.body);
                    written = true;
                } catch (IOException | ShutdownSignalException e) {
                    error = e;
                }
            } else {
                long seq = c.getNextPublishSeqNo();
                p.seq = seq;
                outstanding.put(seq, p);
                AMQP.BasicProperties props = p.mandatory ? withSeq(p.props, seq) : p.props;
                try {
                    c.basicPublish(p.exchange, p.routingKey, p.mandatory, props, p.body);
                } catch (IOException | ShutdownSignalException e) {
                    outstanding.remove(seq);
                    error = e;
                }
            }
        } catch (RuntimeException e) {
            error = e;
        } finally {
            lock.unlock();
            if (written) {
                p.future.complete(null);
            }
        }
        if (error != null) {
            retry(p, "channel closed: " + error.getMessage(), error);
        }
    }

    private static AMQP.BasicProperties withSeq(AMQP.BasicProperties props, long seq) {
        Map<String, Object> headers = new HashMap<>(props.getHeaders() == null ? Map.of() : props.getHeaders());
        headers.put(SEQ_HEADER, seq);
        return props.builder().headers(headers).build();
    }

    private void settle(long seq, boolean multiple, String nack) {
        if (multiple) {
            NavigableMap<Long, Pending> head = outstanding.headMap(seq, true);
            for (Pending p : head.values()) {
                finish(p, nack);
            }
            head.clear();
        } else {
            Pending p = outstanding.remove(seq);
            if (p != null) {
                finish(p, nack);
            }
        }
    }

    private void finish(Pending p, String nack) {
        if (p.returned != null) {
            p.fail(p.returned, null); // retrying an unroutable message cannot help
        } else if (nack == null) {
            p.future.complete(null);
        } else {
            slowPath.execute(() -> retry(p, nack, null));
        }
    }

    private void returned(Return r) {
        Object seq = r.getProperties().getHeaders() == null ? null : r.getProperties().getHeaders().get(SEQ_HEADER);
        Pending p = seq instanceof Number n ? outstanding.get(n.longValue()) : null;
        String reason = "unroutable (" + r.getReplyCode() + " " + r.getReplyText() + "): no queue is bound for it";
        if (p != null) {
            p.returned = reason;
        } else {
            LOG.warn("message to exchange '{}' with routing key '{}' returned: {}", r.getExchange(), r.getRoutingKey(), reason);
        }
    }

    private void lost(ShutdownSignalException cause) {
        List<Pending> unconfirmed;
        lock.lock();
        try {
            if (open.isDone()) {
                open = new CompletableFuture<>();
            }
            unconfirmed = new ArrayList<>(outstanding.values());
            outstanding.clear();
        } finally {
            lock.unlock();
        }
        if (closed || cause.isInitiatedByApplication()) {
            unconfirmed.forEach(p -> p.fail("the publisher was closed before the broker confirmed", cause));
            return;
        }
        if (!unconfirmed.isEmpty()) {
            LOG.warn("{} unconfirmed message(s) on {} will be published again: {}", unconfirmed.size(), connector.describe(), cause.getMessage());
        }
        if (!cause.isHardError()) {
            broken = true;
            open.complete(null); // a channel error: the next attempt opens a new channel
        }
        for (Pending p : unconfirmed) {
            slowPath.execute(() -> retry(p, "connection lost: " + cause.getMessage(), cause));
        }
    }

    /** Off the fast path: back off, wait for the channel to come back, publish again, or give up. */
    private void retry(Pending p, String reason, Throwable cause) {
        p.attempts++;
        if (p.attempts > policy.retries()) {
            p.fail(reason + (policy.retries() == 0 ? "" : " (after " + policy.retries() + " retries)"), cause);
            return;
        }
        long left = p.deadline - System.nanoTime();
        Duration backoff = policy.backoff(p.attempts);
        if (left <= backoff.toNanos()) {
            p.fail("not confirmed within publish_timeout " + policy.timeout().toMillis() + " ms: " + reason, cause);
            return;
        }
        CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(backoff.toNanos(), TimeUnit.NANOSECONDS, slowPath))
                .thenCompose(x -> open.copy().orTimeout(Math.max(1, p.deadline - System.nanoTime()), TimeUnit.NANOSECONDS))
                .whenCompleteAsync((x, timeout) -> {
                    if (timeout != null) {
                        p.fail("connection not recovered within publish_timeout " + policy.timeout().toMillis() + " ms: " + reason, cause);
                    } else {
                        attempt(p);
                    }
                }, slowPath);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Pending p : outstanding.values()) {
            // a retried message may carry an early deadline at a late sequence number: look at all
            if (now - p.deadline > 0 && outstanding.remove(p.seq, p)) {
                p.fail("not confirmed within publish_timeout " + policy.timeout().toMillis() + " ms", null);
            }
        }
    }

    /** Number of messages waiting for a confirm. */
    int outstanding() {
        return outstanding.size();
    }

    /** Waits up to {@code timeout} for outstanding confirms, then closes the channel. Never throws. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + policy.timeout().toNanos();
        while (!outstanding.isEmpty() && System.nanoTime() < deadline && connection.isOpen()) {
            CompletableFuture<Void> last = outstanding.lastEntry() == null ? null : outstanding.lastEntry().getValue().future;
            if (last != null) {
                try {
                    last.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    // failures are reported through each message's future
                }
            }
        }
        closed = true;
        sweeper.shutdownNow();
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (Exception e) {
            LOG.debug("closing publisher channel: {}", e.toString());
        }
    }

    /** Closes at once, failing what is not confirmed yet. Never throws, never blocks for long. */
    public void abort() {
        closed = true;
        sweeper.shutdownNow();
        List<Pending> unconfirmed = new ArrayList<>(outstanding.values());
        outstanding.clear();
        unconfirmed.forEach(p -> p.fail("the publisher was killed before the broker confirmed", null));
        try {
            channel.abort();
        } catch (Exception e) {
            LOG.debug("aborting publisher channel: {}", e.toString());
        }
    }

    /** One message until it is confirmed or given up. */
    private static final class Pending {
        final String exchange;
        final String routingKey;
        final boolean mandatory;
        final AMQP.BasicProperties props;
        final byte[] body;
        final long deadline;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        volatile long seq;
        volatile String returned;
        int attempts;

        Pending(String exchange, String routingKey, boolean mandatory, AMQP.BasicProperties props, byte[] body, long deadline) {
            this.exchange = exchange;
            this.routingKey = routingKey;
            this.mandatory = mandatory;
            this.props = props;
            this.body = body;
            this.deadline = deadline;
        }

        void fail(String reason, Throwable cause) {
            future.completeExceptionally(new PublishException(exchange, routingKey, reason, cause));
        }
    }
}
