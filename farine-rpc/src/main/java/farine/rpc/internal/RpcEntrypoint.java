package farine.rpc.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import farine.ConfigException;
import farine.amqp.spi.AmqpConnection;
import farine.amqp.spi.JsonBudget;
import farine.amqp.spi.MessageSizeLimit;
import farine.amqp.spi.QueueArguments;
import farine.spi.LogText;
import farine.rpc.RpcMethod;
import farine.spi.Entrypoint;
import farine.spi.EntrypointInfo;
import farine.spi.MethodContext;
import farine.spi.Observer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one {@code @RpcMethod}: consumes queue {@code svc__m} (bound to exchange {@code svc}),
 * runs each request as a worker and publishes its reply frames. A request is acknowledged only
 * after its reply is published (PROTOCOL.md §4), so a server that dies mid-call leaves the request
 * to the next server. At most {@code concurrency} requests run at once: the channel's prefetch, or with a larger
 * {@code prefetch} the {@link RequestLimiter}.
 */
final class RpcEntrypoint implements Entrypoint {

    static final String CONCURRENCY = "concurrency";
    /** Not {@code prefetch}, which a section may set for its {@code @Consume} handlers (250, say) with RPC methods beside them. */
    static final String PREFETCH = "rpc_prefetch";
    static final String EXCHANGE_TYPE = "type";
    /** {@code full} (type, message and stack trace, the default) or {@code message} (type and message only) in error replies. */
    static final String RPC_ERROR_DETAIL = "rpc_error_detail";
    static final int DEFAULT_CONCURRENCY = 8;
    /** Set by farine clients: the call's deadline in epoch milliseconds (the original ignores headers). */
    static final String DEADLINE_HEADER = "x-farine-deadline";
    /**
     * Set (true) by farine's Java client on calls that are not streams: it takes a plain value as one message,
     * without the {@code __end__} that follows it for other callers (PROTOCOL.md §3, additions). Callers that
     * do not set it (Python farine's) get body then {@code __end__}, as from the original server.
     */
    static final String SINGLE_REPLY_HEADER = "x-farine-single-reply";

    private static final Logger LOG = LoggerFactory.getLogger(RpcEntrypoint.class);
    private Observer observer = Observer.NONE;
    private static final java.time.Duration CONFIRMS_ON_CLOSE = java.time.Duration.ofSeconds(5);

    private final MethodContext method;
    private final String service;
    private final String name;
    private final String queue;
    private final Class<? extends Throwable>[] expected;
    private final boolean annotatedPrivate;
    private boolean privateMethod;
    private String token;
    private final AmqpConnection connector;
    private ArgumentBinder binder;
    private int concurrency;
    private int prefetch;
    private RequestLimiter limiter; // null when prefetch = concurrency: the prefetch alone limits the work
    private MessageSizeLimit sizeLimit;
    private JsonBudget budget;
    private boolean traceInReplies;
    private String exchangeType;
    private int deliveryMode;
    private boolean confirms;
    private QueueArguments queueArguments;
    private volatile Channel channel;
    private volatile ReplySender replies;
    private volatile String consumerTag;
    private volatile StreamCancels cancels; // its queue is declared with the method's first stream (PROTOCOL.md §7)

    RpcEntrypoint(MethodContext method, RpcMethod annotation) {
        this.method = method;
        this.service = method.service().name();
        this.name = annotation.value().isBlank() ? method.name() : annotation.value();
        this.queue = service + "__" + name;
        this.expected = annotation.expected();
        this.annotatedPrivate = annotation.privateMethod();
        this.connector = AmqpConnection.of(method.service(), method.service().config());
    }

    @Override
    public void setup() {
        binder = new ArgumentBinder(name, method.payloadParameters());
        if (method.payloadParameters().stream().anyMatch(p -> !p.isNamePresent())) {
            LOG.warn("{}.{}: parameter names are not in the class file (compile with javac -parameters); "
                    + "kwargs cannot bind by name and the names in errors are arg0, arg1, ...", service, name);
        }
        concurrency = concurrency(method.config(), service, " for " + name);
        prefetch = prefetch(method.config(), service, concurrency);
        limiter = prefetch > concurrency ? new RequestLimiter(concurrency) : null;
        sizeLimit = MessageSizeLimit.from(method.config());
        budget = JsonBudget.from(method.config(), concurrency);
        traceInReplies = errorDetail(method.config());
        exchangeType = exchangeType(method.service().config());
        deliveryMode = ReplySender.deliveryMode(method.service().config());
        confirms = ReplySender.confirms(method.service().config());
        queueArguments = QueueArguments.from(method.config());
        privateMethod = annotatedPrivate || RpcToken.privateMethods(method.service().config()).contains(name);
        token = RpcToken.of(method.service().config());
        if (privateMethod && token == null) {
            throw new ConfigException("[" + service + "] " + name + " is a private method but the service has no " + RpcToken.RPC_TOKEN
                    + ": set it in the INI section or the environment (FARINE_" + service.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_")
                    + "_RPC_TOKEN), never in code");
        }
        observer = method.service().observer();
    }

    @Override
    public void start() {
        Channel ch = connector.channel(connector.consuming());
        try {
            // PROTOCOL.md §1: durable, not auto-delete, no arguments, so that original servers and clients agree;
            // queue_type = quorum / single_active = true are opt-in (every server of the service must say the same)
            ch.exchangeDeclare(service, exchangeType, true, false, false, null);
            ch.queueDeclare(queue, true, false, false, queueArguments.toMap());
            ch.queueBind(queue, service, queue);
            ch.basicQos(prefetch);
            ReplySender sender = new ReplySender(connector.channel(connector.publishing()), deliveryMode, confirms);
            // the last replies' requests are acknowledged on their confirms: wait for them before the connections close
            connector.beforeClose(() -> sender.awaitConfirms(CONFIRMS_ON_CLOSE));
            replies = sender;
            cancels = new StreamCancels(connector, service + "." + name);
            channel = ch;
            consumerTag = ch.basicConsume(queue, false, new RequestConsumer(ch));
        } catch (IOException e) {
            throw new farine.FarineException("cannot serve " + service + "." + name + " on queue " + queue + " at "
                    + connector.describe() + ": " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"), e);
        }
    }

    @Override
    public void stop() {
        Channel ch = channel;
        String tag = consumerTag;
        if (ch != null && tag != null && ch.isOpen()) {
            try {
                // running workers keep the channel to acknowledge; it closes with the connection
                ch.basicCancel(tag);
            } catch (Exception e) {
                LOG.debug("cancelling consumer of {}: {}", queue, e.toString());
            }
        }
    }

    @Override
    public void kill() {
        Channel ch = channel;
        if (ch != null) {
            try {
                ch.abort();
            } catch (Exception e) {
                // kill never throws
            }
        }
        ReplySender r = replies;
        if (r != null) {
            r.close();
        }
        StreamCancels c = cancels;
        if (c != null) {
            c.close();
        }
    }

    /** Not ready while the request consumer is not registered (before start, or its channel down and recovering). */
    @Override
    public String notReady() {
        Channel ch = channel;
        return ch != null && ch.isOpen() ? null : "rpc " + service + "." + name + ": not consuming from queue " + queue;
    }

    @Override
    public EntrypointInfo info() {
        return new EntrypointInfo("rpc", name, service, queue, queue, privateMethod);
    }

    @Override
    public String describe() {
        return "rpc " + name + " (queue " + queue + ", concurrency " + concurrency + (prefetch > concurrency ? ", prefetch " + prefetch : "") + ")";
    }

    @Override
    public boolean expected(Throwable failure) {
        for (Class<? extends Throwable> type : expected) {
            if (type.isInstance(failure)) {
                return true;
            }
        }
        return false;
    }

    private void onRequest(Channel ch, long tag, AMQP.BasicProperties properties, byte[] body) throws IOException {
        long started = System.nanoTime();
        String replyTo = properties.getReplyTo();
        String correlationId = properties.getCorrelationId();
        String shownId = LogText.escape(correlationId); // a caller's text: never raw into a log line
        if (replyTo == null || replyTo.isEmpty()) {
            LOG.warn("{}.{}: request without reply_to dropped (correlation_id={}): {}", service, name, shownId, excerpt(body));
            ch.basicAck(tag, false);
            return;
        }
        if (expired(properties)) {
            // the caller has given up (its timeout error is its answer); a WARN, because a server whose clock runs
            // ahead of its callers' would otherwise drop every request without a word
            LOG.warn("{}.{}: request dropped, {} before a worker took it (correlation_id={});"
                    + " if this repeats, check the load and the clocks of caller and server", service, name,
                    lateness(System.currentTimeMillis(), deadline(properties)), shownId);
            ch.basicAck(tag, false);
            observer.rpcServed(service, name, Observer.TIMEOUT, System.nanoTime() - started);
            return;
        }
        long size = MessageSizeLimit.sizeOf(properties, body);
        if (sizeLimit.exceededBy(size)) {
            // refused before parsing: a JSON tree costs many times its bytes, and the caller gets an answer, not a timeout
            LOG.warn("{}.{}: request too large (correlation_id={}): {} bytes, max_message_size {} bytes; replying with an error",
                    service, name, shownId, size, sizeLimit.bytes());
            refuse(ch, tag, replyTo, correlationId, "ValueError", sizeLimit.reason(size));
            observer.rpcServed(service, name, "ValueError", System.nanoTime() - started);
            return;
        }
        if (privateMethod && !RpcToken.matches(token, header(properties, RpcToken.HEADER))) {
            // never the token itself in the log, neither the right one nor the one presented
            LOG.warn("{}.{}: private method called {} token; refused (correlation_id={})", service, name,
                    header(properties, RpcToken.HEADER) == null ? "without a" : "with a wrong", shownId);
            refuse(ch, tag, replyTo, correlationId, "Unauthorized", service + "." + name + " is a private method: the request carried "
                    + (header(properties, RpcToken.HEADER) == null ? "no" : "a wrong") + " token (header " + RpcToken.HEADER
                    + "; a farine caller sends the rpc_token of its [" + service + "] section)");
            return;
        }
        Object[] payload;
        try {
            payload = binder.bind(Request.decode(body, binder.arity(), budget));
        } catch (BadRequestException e) {
            LOG.warn("{}.{}: bad request (correlation_id={}): {}; body {}", service, name, shownId, LogText.escape(e.getMessage()), excerpt(body));
            refuse(ch, tag, replyTo, correlationId, e.pythonType(), e.getMessage());
            observer.rpcServed(service, name, e.pythonType(), System.nanoTime() - started);
            return;
        }
        ReplyWriterTarget target = new ReplyWriterTarget(replyTo, correlationId, deadline(properties), single(properties), started);
        Map<String, Object> headers = properties.getHeaders();
        if (limiter == null) {
            spawn(ch, tag, target, headers, payload);
        } else {
            limiter.submit(tag, () -> spawn(ch, tag, target, headers, payload));
        }
    }

    /** Runs the method as a worker; a request no worker took (the container is stopping) goes back to the queue. */
    private void spawn(Channel ch, long tag, ReplyWriterTarget target, Map<String, Object> headers, Object[] payload) {
        AtomicBoolean handled = new AtomicBoolean();
        method.spawn(method.worker(Observer.RPC, target.correlationId(), headers), payload, (result, failure) -> {
            handled.set(true);
            handle(ch, tag, target, result, failure);
        }).whenComplete((ignored, failure) -> {
            if (!handled.get()) {
                // the worker never ran (container stopping): another server takes the request
                LOG.debug("{}.{}: not run, requeued (correlation_id={}): {}", service, name, target.shownId(), String.valueOf(failure));
                settle(ch, tag, false);
            }
        });
    }

    /** Answers a request that never reaches the method with a Python-style error ({@code ValueError: ...}), then acks it. */
    private void refuse(Channel ch, long tag, String replyTo, String correlationId, String type, String message) throws IOException {
        ReplyWriterTarget target = new ReplyWriterTarget(replyTo, correlationId, Long.MAX_VALUE, false, 0);
        replyFailure(target, type, message, type + ": " + message, settleWhenOut(ch, tag, target));
    }

    /** What a reply's last frame does once out (confirmed, with confirms): acknowledge its request, or requeue it. */
    private Consumer<Exception> settleWhenOut(Channel ch, long tag, ReplyWriterTarget target) {
        return error -> {
            if (error != null) {
                notPublished(target, error);
            }
            settle(ch, tag, error == null);
        };
    }

    private void handle(Channel ch, long tag, ReplyWriterTarget target, Object result, Throwable failure) {
        if (failure == null && result instanceof CompletableFuture<?> future) {
            // a future that never completes would hold its prefetch slot for ever: stop waiting at the caller's deadline
            CompletableFuture<?> watched = target.deadline() == Long.MAX_VALUE ? future
                    : Timeouts.within(future.copy(), TimeUnit.MILLISECONDS.toNanos(target.deadline() - System.currentTimeMillis()));
            watched.whenCompleteAsync((value, error) -> {
                Throwable cause = unwrap(error);
                if (cause instanceof TimeoutException && System.currentTimeMillis() >= target.deadline()) {
                    LOG.warn("{}.{}: the returned future was not complete at the caller's deadline; request dropped (correlation_id={})",
                            service, name, target.shownId());
                    settle(ch, tag, true);
                    observer.rpcServed(service, name, Observer.TIMEOUT, System.nanoTime() - target.started());
                    return;
                }
                if (cause != null) {
                    logFailure(target, cause); // the worker returned normally, so the container did not log it
                }
                handle(ch, tag, target, value, cause);
            }, VirtualThreads.EXECUTOR);
            return;
        }
        if (!method.service().running() && (failure instanceof InterruptedException || Thread.currentThread().isInterrupted())) {
            // interrupted by a stopping container: not an answer; the request goes back for another server (at least once)
            LOG.info("{}.{}: interrupted by shutdown, request requeued (correlation_id={})", service, name, target.shownId());
            settle(ch, tag, false);
            return;
        }
        observer.rpcServed(service, name, failure == null ? Observer.OK : failure.getClass().getSimpleName(), System.nanoTime() - target.started());
        ReplyWriter writer = new ReplyWriter(replies, target.replyTo(), target.correlationId(), target.single());
        // acknowledged once the last frame is out (confirmed), maybe from the thread that publishes or confirms it
        Consumer<Exception> then = settleWhenOut(ch, tag, target);
        if (failure == null && !ReplyWriter.streams(result)) {
            try {
                writer.writeValue(result, then);
            } catch (RuntimeException e) {
                // the result could not be serialized, for instance
                logFailure(target, e);
                replyFailureQuietly(ch, tag, target, e, then);
            }
            return;
        }
        try {
            if (failure != null) {
                replyFailure(target, failure, then);
            } else {
                writer.write(result, cancels, then);
            }
        } catch (ReplyWriter.Cancelled e) {
            // the caller stopped reading (PROTOCOL.md §7): it has forgotten the call, so nothing more goes out
            LOG.debug("{}.{}: stream cancelled by its caller after {} item(s) (correlation_id={})", service, name, writer.sent(),
                    target.shownId());
            settle(ch, tag, true);
        } catch (ReplyWriter.StreamFailure e) {
            if (e.failure() instanceof InterruptedException && !method.service().running()) {
                cutShort(ch, tag, target, writer.sent(), then);
                return;
            }
            logFailure(target, e.failure());
            replyFailureQuietly(ch, tag, target, e.failure(), then);
        } catch (IOException | ShutdownSignalException e) {
            notPublished(target, e);
            settle(ch, tag, false);
        } catch (RuntimeException e) {
            // the result could not be serialized, for instance
            logFailure(target, e);
            replyFailureQuietly(ch, tag, target, e, then);
        }
    }

    /**
     * The connection is down (AlreadyClosedException is a ShutdownSignalException): not the method's failure,
     * so no error reply; the request goes back to the queue and is served again.
     */
    private void notPublished(ReplyWriterTarget target, Exception e) {
        LOG.warn("{}.{}: reply to {} not published (correlation_id={}): {}; the request is requeued",
                service, name, LogText.escape(target.replyTo()), target.shownId(), e.toString());
    }

    /**
     * A stopping container interrupted the worker while it waited for the next item of a returned publisher.
     * Before the first item the request is requeued, like any interrupted call (at least once). After it, a
     * rerun would repeat items the caller already has, so the caller gets an error frame instead, and the
     * request is acknowledged once that frame is out (settled by {@code then}).
     */
    private void cutShort(Channel ch, long tag, ReplyWriterTarget target, int sent, Consumer<Exception> then) {
        if (sent == 0) {
            LOG.info("{}.{}: interrupted by shutdown before the first item of its stream, request requeued (correlation_id={})",
                    service, name, target.shownId());
            settle(ch, tag, false);
            return;
        }
        String message = service + "." + name + ": the server stopped after " + sent + " item(s) of the stream; the stream"
                + " is incomplete and is not run again";
        LOG.warn("{}.{}: interrupted by shutdown after {} item(s) of its stream; the caller gets an error (correlation_id={})",
                service, name, sent, target.shownId());
        // the frame must go out although the worker stays interrupted (a blocked publish would otherwise give up)
        boolean interrupted = Thread.interrupted();
        try {
            String type = farine.FarineException.class.getName();
            replyFailure(target, type, message, type + ": " + message, then);
        } catch (IOException | ShutdownSignalException e) {
            LOG.warn("{}.{}: error reply not published (correlation_id={}): {}", service, name, target.shownId(), e.toString());
            settle(ch, tag, false);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void settle(Channel ch, long tag, boolean ack) {
        try {
            if (ack) {
                ch.basicAck(tag, false);
            } else {
                ch.basicNack(tag, false, true);
            }
        } catch (Exception e) {
            // the channel closed: the broker requeues the request by itself
            LOG.debug("{}.{}: cannot settle delivery {}: {}", service, name, tag, e.toString());
        } finally {
            if (limiter != null) {
                limiter.settled(tag);
            }
        }
    }

    private void logFailure(ReplyWriterTarget target, Throwable failure) {
        if (expected(failure)) {
            LOG.warn("{}.{} failed (correlation_id={}): {}", service, name, target.shownId(), LogText.escape(failure.toString()));
        } else {
            LOG.error("{}.{} failed (correlation_id={}): {}", service, name, target.shownId(), LogText.escape(failure.toString()), failure);
        }
    }

    /** Sends the error reply; a request whose error reply cannot go out is requeued. */
    private void replyFailureQuietly(Channel ch, long tag, ReplyWriterTarget target, Throwable failure, Consumer<Exception> then) {
        try {
            replyFailure(target, failure, then);
        } catch (IOException | ShutdownSignalException e) {
            LOG.warn("{}.{}: error reply not published (correlation_id={}): {}", service, name, target.shownId(), e.toString());
            settle(ch, tag, false);
        }
    }

    private void replyFailure(ReplyWriterTarget target, Throwable failure, Consumer<Exception> then) throws IOException {
        if (failure instanceof BadRequestException bad) {
            replyFailure(target, bad.pythonType(), bad.getMessage(), bad.pythonType() + ": " + bad.getMessage(), then);
        } else {
            // the stack trace (SQL text, failing rows, class names) goes to any caller only with rpc_error_detail = full;
            // the service's own log keeps it in any case (logFailure)
            replyFailure(target, failure.getClass().getName(), failure.getMessage(),
                    traceInReplies ? ReplyFrame.traceOf(failure) : failure.toString(), then);
        }
    }

    /** An {@code __except__} frame, the reply's last; {@code then} as in {@link ReplySender#sendLast}. */
    private void replyFailure(ReplyWriterTarget target, String type, String message, String trace, Consumer<Exception> then)
            throws IOException {
        replies.sendLast(target.replyTo(), replies.properties(target.correlationId()),
                ReplyFrame.failure(type, message, trace, service, name), then);
    }

    private static Object header(AMQP.BasicProperties properties, String name) {
        Map<String, Object> headers = properties.getHeaders();
        return headers == null ? null : headers.get(name);
    }

    static boolean expired(AMQP.BasicProperties properties) {
        return System.currentTimeMillis() > deadline(properties);
    }

    /**
     * {@code rpc_prefetch}: how many requests the broker hands this server ahead of its workers (default: the concurrency;
     * a smaller value is raised to it, as {@code prefetch} is for {@code @Consume}). More than the concurrency keeps
     * requests at hand for the next free worker, at the price of holding them from the service's other servers.
     */
    static int prefetch(farine.ConfigSection config, String section, int concurrency) {
        int prefetch = config.integer(PREFETCH, concurrency);
        if (prefetch < 1 || prefetch > 65_535) {
            throw new ConfigException("[" + section + "] " + PREFETCH + " = " + prefetch
                    + ": must be from 1 to 65535 (requests the broker hands out ahead of the workers)");
        }
        return Math.max(prefetch, concurrency);
    }

    /** {@code concurrency} of a section, checked; {@code section} and {@code forWhat} (" for hello") for the message. */
    static int concurrency(farine.ConfigSection config, String section, String forWhat) {
        int concurrency = config.integer(CONCURRENCY, DEFAULT_CONCURRENCY);
        if (concurrency < 1 || concurrency > 65_535) {
            throw new ConfigException("[" + section + "] " + CONCURRENCY + " = " + concurrency + forWhat
                    + ": must be between 1 and 65535");
        }
        return concurrency;
    }

    /** {@code exchange_type}: the exchange the service's requests go to, direct (the default), topic, fanout or headers. */
    static String exchangeType(farine.ConfigSection config) {
        String value = config.string(EXCHANGE_TYPE, "direct").strip().toLowerCase(java.util.Locale.ROOT);
        if (!java.util.Set.of("direct", "topic", "fanout", "headers").contains(value)) {
            throw new ConfigException("[" + config.name() + "] " + EXCHANGE_TYPE + " = \"" + value
                    + "\": expected direct, topic, fanout or headers");
        }
        return value;
    }

    /** {@code rpc_error_detail}: true for {@code full} (the default), false for {@code message}; else a {@link ConfigException}. */
    static boolean errorDetail(farine.ConfigSection config) {
        String value = config.string(RPC_ERROR_DETAIL, "full").strip().toLowerCase(java.util.Locale.ROOT);
        return switch (value) {
            case "full" -> true;
            case "message" -> false;
            default -> throw new ConfigException("[" + config.name() + "] " + RPC_ERROR_DETAIL + " = " + value
                    + ": must be full (type, message and stack trace in error replies) or message (type and message only)");
        };
    }

    /** How late a request is, for the log: a deadline no clock can have meant (a forged header) is said as such. */
    static String lateness(long now, long deadline) {
        return deadline <= 0 ? "its deadline (" + deadline + ") being no time at all (a caller's bad header)"
                : (now - deadline) + " ms past the caller's deadline";
    }

    /**
     * The caller's deadline in epoch ms: the header a farine client sets, else the AMQP timestamp +
     * expiration; {@code Long.MAX_VALUE} when the request has none (the original sends none).
     */
    static long deadline(AMQP.BasicProperties properties) {
        Map<String, Object> headers = properties.getHeaders();
        if (headers != null && headers.get(DEADLINE_HEADER) instanceof Number deadline) {
            return deadline.longValue();
        }
        if (properties.getTimestamp() != null && properties.getExpiration() != null) {
            try {
                return Math.addExact(properties.getTimestamp().getTime(), Long.parseLong(properties.getExpiration()));
            } catch (NumberFormatException | ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }
        return Long.MAX_VALUE;
    }

    private static Throwable unwrap(Throwable error) {
        return (error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null
                ? error.getCause() : error;
    }

    private static String excerpt(byte[] body) {
        return LogText.excerpt(body, 200);
    }

    /** Whether the caller asked for one reply message ({@link #SINGLE_REPLY_HEADER}). */
    static boolean single(AMQP.BasicProperties properties) {
        Map<String, Object> headers = properties.getHeaders();
        return headers != null && Boolean.TRUE.equals(headers.get(SINGLE_REPLY_HEADER));
    }

    private record ReplyWriterTarget(String replyTo, String correlationId, long deadline, boolean single, long started) {
        String shownId() {
            return LogText.escape(correlationId);
        }
    }

    /** Never lets an exception escape to the client library, which would close the channel. */
    private final class RequestConsumer extends DefaultConsumer {
        RequestConsumer(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            try {
                onRequest(getChannel(), envelope.getDeliveryTag(), properties, body);
            } catch (Throwable t) {
                // requeued once; dropped (after this ERROR line) if it fails again, so it cannot loop
                LOG.error("{}.{}: request handling failed (correlation_id={}, redelivered={}); body {}", service, name,
                        LogText.escape(properties.getCorrelationId()), envelope.isRedeliver(), excerpt(body), t);
                settle(getChannel(), envelope.getDeliveryTag(), envelope.isRedeliver());
            }
        }

        @Override
        public void handleCancel(String tag) {
            method.service().fail("rpc " + service + "." + name,
                    new farine.FarineException("the broker cancelled the consumer of queue " + queue + " (was it deleted?)"));
        }
    }
}
