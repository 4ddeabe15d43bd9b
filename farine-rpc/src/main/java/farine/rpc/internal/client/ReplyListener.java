package farine.rpc.internal.client;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import farine.FarineException;
import farine.amqp.spi.MessageSizeLimit;
import farine.rpc.NotServedException;
import farine.rpc.internal.wire.CorrelationIds;
import farine.rpc.internal.wire.ReplyFrame;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one connection: one reply queue (exclusive, auto-delete, farine-named so
 * that topology recovery redeclares it under the same name), the calls waiting for replies, and a
 * dedicated channel for publishing requests. Before the first call to a service the queue is bound to
 * that service's exchange with its own name, because original servers reply through that exchange
 * (PROTOCOL.md §3). Thread-safe.
 */
final class ReplyListener {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyListener.class);
    private static final long SWEEP_MILLIS = 1000;

    private final String broker;
    private final Connection publishing;
    private final String queue = "farine.reply." + CorrelationIds.next();
    private final Map<String, PendingCall> pending = new ConcurrentHashMap<>();
    private final Set<String> bound = ConcurrentHashMap.newKeySet();
    private final Object bindLock = new Object();
    private final Channel consumer;
    private final Object publisherLock = new Object();
    private volatile Channel publisher;
    /**
     * The thread that delivered the last reply. Written and read without ordering: a thread only ever
     * finds itself here if it wrote it, and on a connection's reader thread no call may wait.
     */
    private Thread reader;
    private final ScheduledExecutorService sweeper;

    /**
     * {@code publishing} carries both the requests and the replies: its deliveries run on its reader thread
     * ({@link farine.amqp.spi.AmqpConnection#publishing()}), which {@link #deliver} allows, as it only
     * decodes a frame and hands it over. Replies are consumed with automatic acks.
     */
    ReplyListener(Connection publishing, String broker) {
        this.broker = broker;
        this.publishing = publishing;
        try {
            consumer = publishing.createChannel();
            consumer.queueDeclare(queue, false, true, true, null);
            consumer.basicConsume(queue, true, new Replies(consumer));
            publisher = requestChannel();
        } catch (IOException e) {
            throw new FarineException("cannot set up the RPC reply queue " + queue + " on " + broker + ": " + e, e);
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("farine-rpc-sweeper").factory());
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    String queue() {
        return queue;
    }

    int pending() {
        return pending.size();
    }

    String broker() {
        return broker;
    }

    /**
     * Declares {@code service}'s exchange as its server does and binds the reply queue to it, once.
     * Topology that must come back after a connection recovery is declared on the long-lived channels
     * (the client library recovers it on the channel it was declared on, so never on a closed one);
     * probes that may fail, and so close their channel, use a channel of their own.
     */
    void bindTo(String service, String exchangeType) {
        if (bound.contains(service)) {
            return;
        }
        synchronized (bindLock) {
            if (bound.contains(service)) {
                return;
            }
            if (service.startsWith("amq.")) {
                throw new FarineException("cannot call service " + service + ": exchange names starting with amq. are reserved by the broker");
            }
            if (!exchangeExists(service)) {
                try {
                    Channel channel = publisher();
                    synchronized (channel) {
                        channel.exchangeDeclare(service, exchangeType, true, false, false, null);
                    }
                } catch (IOException | RuntimeException e) {
                    throw new FarineException("cannot declare exchange " + service + " (" + exchangeType + ") on " + broker + ": "
                            + rootMessage(e), e);
                }
            }
            try {
                consumer.queueBind(queue, service, queue);
            } catch (IOException | RuntimeException e) {
                throw new FarineException("cannot bind reply queue " + queue + " to exchange " + service + " on " + broker + ": "
                        + rootMessage(e), e);
            }
            bound.add(service);
        }
    }

    /** A passive declare on a throw-away channel: a missing exchange closes that channel only (passive declares are not recorded). */
    private boolean exchangeExists(String exchange) {
        try (Channel probe = publishing.createChannel()) {
            probe.exchangeDeclarePassive(exchange);
            return true;
        } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
            return false;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /**
     * Registers {@code call} under {@code correlationId}, then publishes the request. If the publish does not
     * complete, whatever escapes it (an {@code Error} too), the entry goes: nothing would ever remove it.
     */
    void send(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body, PendingCall call) {
        String id = properties.getCorrelationId();
        pending.put(id, call);
        boolean sent = false;
        try {
            Channel channel = publisher();
            synchronized (channel) {
                // mandatory: a request no queue receives comes back at once (see returned) instead of timing out
                channel.basicPublish(exchange, routingKey, true, properties, body);
            }
            sent = true;
        } catch (IOException | RuntimeException e) {
            throw new FarineException("cannot send request to " + routingKey + " on " + broker + " (correlation_id=" + id + "): " + e, e);
        } finally {
            if (!sent) {
                pending.remove(id, call);
            }
        }
    }

    /**
     * The request channel, replaced when the broker closed it for a channel error (a publish to an
     * exchange deleted meanwhile, a refused declare); after a connection failure the client library
     * recovers it in place.
     */
    private Channel publisher() throws IOException {
        Channel channel = publisher;
        if (channel.isOpen() || channel.getCloseReason() == null || channel.getCloseReason().isHardError()) {
            return channel;
        }
        synchronized (publisherLock) {
            if (publisher == channel) {
                LOG.info("request channel of reply queue {} was closed ({}); opening another", queue, channel.getCloseReason().getMessage());
                publisher = requestChannel();
            }
            return publisher;
        }
    }

    private Channel requestChannel() throws IOException {
        Channel channel = publishing.createChannel();
        channel.addReturnListener(r -> returned(r.getExchange(), r.getRoutingKey(), r.getProperties().getCorrelationId()));
        return channel;
    }

    /**
     * The broker returned a request: no queue is bound to its routing key, so no server of that method runs on
     * this broker, nor ever ran (a server's queue is durable). Runs on the connection's reader thread.
     */
    private void returned(String exchange, String routingKey, String correlationId) {
        PendingCall call = correlationId == null ? null : pending.remove(correlationId);
        if (call == null) {
            return;
        }
        String method = routingKey.startsWith(exchange + "__") ? routingKey.substring(exchange.length() + 2) : routingKey;
        call.fail(new NotServedException(exchange, method, correlationId));
    }

    /**
     * Whether the current thread is the one delivering this listener's replies: a callback run there
     * ({@code rpc_callbacks = reply_thread}) cannot wait for a reply, nor for the broker's answer to a
     * declaration, since only that thread could read them.
     */
    boolean onReaderThread() {
        return Thread.currentThread() == reader;
    }

    /** Drops the entry of a call that timed out, was cancelled or whose stream was closed. */
    void forget(String correlationId) {
        pending.remove(correlationId);
    }

    /**
     * Tells the server producing stream {@code correlationId} that nobody reads it any more (PROTOCOL.md §7): an
     * empty message to {@code cancelTo}, the queue its first item named, with this listener's reply queue as
     * {@code reply_to}; not waited for, and a failure only logged (the stream then runs to its end for nobody).
     */
    void cancel(String correlationId, String cancelTo) {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().correlationId(correlationId).replyTo(queue)
                .deliveryMode(1).build();
        try {
            Channel channel = publisher();
            synchronized (channel) {
                channel.basicPublish("", cancelTo, false, properties, new byte[0]);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cancel of stream {} not sent: {}", correlationId, e.toString());
        }
    }

    /**
     * Runs on the connection's reader thread: must not block (see {@link PendingCall#accept}). {@code cancelTo}: the
     * frame's {@code reply_to}, which a farine server sets on a stream's first item (PROTOCOL.md §7), else null.
     */
    private void deliver(String correlationId, long size, byte[] body, String cancelTo) {
        PendingCall call = correlationId == null ? null : pending.get(correlationId);
        if (call == null) {
            if (LOG.isDebugEnabled() && !isEnd(body)) {
                // a non-stream call's closing __end__ (PROTOCOL.md §3) comes after every call to a farine server: not worth a line
                LOG.debug("reply for unknown or finished call dropped (correlation_id={}, {} bytes)", correlationId, body.length);
            }
            return;
        }
        if (size > body.length) {
            // dropped on arrival by the connection (OversizeFilter): larger than a client takes
            pending.remove(correlationId, call);
            call.fail(new FarineException("reply of " + size + " bytes dropped: larger than the " + MessageSizeLimit.CLIENT_LIMIT
                    + " bytes a client takes (correlation_id=" + correlationId + ")"));
            return;
        }
        ReplyFrame frame;
        try {
            frame = ReplyFrame.decode(body, call.raw());
        } catch (IllegalArgumentException e) {
            pending.remove(correlationId, call);
            call.fail(new FarineException("malformed reply (correlation_id=" + correlationId + "): " + e.getMessage()));
            return;
        }
        if (cancelTo != null && call instanceof PendingCall.Streamed streamed) {
            streamed.cancelTo = cancelTo; // before the frame is handed over: its reader may close the stream at once
        }
        // the entry goes before the caller wakes up: a caller that sees its result must also see no pending entry
        if (call.completes(frame)) {
            pending.remove(correlationId, call);
        }
        call.accept(frame);
    }

    private static boolean isEnd(byte[] body) {
        try {
            return ReplyFrame.decode(body).kind() == ReplyFrame.Kind.END;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Entries nobody collects any more (an abandoned iterator) go once their deadline has passed. */
    private void sweep() {
        long now = System.nanoTime();
        pending.forEach((id, call) -> {
            if (now - call.expiresAt() > 0 && pending.remove(id, call)) {
                LOG.debug("call {} expired without being collected; forgotten", id);
                call.fail(PendingCall.EXPIRED);
            }
        });
    }

    void close() {
        sweeper.shutdownNow();
        for (Channel channel : new Channel[] {consumer, publisher}) {
            try {
                channel.abort();
            } catch (Exception e) {
                // closing; nothing to tell
            }
        }
        FarineException closed = new FarineException("RPC client closed (reply queue " + queue + ")");
        pending.values().forEach(call -> call.fail(closed));
        pending.clear();
    }

    private final class Replies extends DefaultConsumer {
        Replies(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            reader = Thread.currentThread();
            try {
                deliver(properties.getCorrelationId(), MessageSizeLimit.sizeOf(properties, body), body, properties.getReplyTo());
            } catch (Throwable t) {
                LOG.error("reply handling failed (correlation_id={})", properties.getCorrelationId(), t);
            }
        }
    }
}
