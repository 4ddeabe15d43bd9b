package farine.rpc.internal.server;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import farine.ConfigException;
import farine.FarineException;
import farine.amqp.spi.AmqpConnection;
import farine.amqp.spi.JsonBudget;
import farine.amqp.spi.MessageSizeLimit;
import farine.amqp.spi.QueueArguments;
import farine.amqp.spi.QueueConsumer;
import farine.rpc.RpcMethod;
import farine.rpc.internal.wire.RpcToken;
import farine.rpc.internal.wire.WireSettings;
import farine.spi.EntrypointInfo;
import farine.spi.LogText;
import farine.spi.MethodContext;
import farine.spi.Observer;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one {@code @RpcMethod}: a {@link QueueConsumer} on queue {@code svc__m} (bound to exchange {@code svc}) that
 * runs each request as a worker and publishes its reply frames ({@link Replies}). A request is acknowledged only after
 * its reply is published (PROTOCOL.md §4), so a server that dies mid-call leaves the request to the next server: by
 * default the reply and then the acknowledgement go on the channel the request came on, of the serving connection
 * ({@link AmqpConnection#serving()}), which the broker handles in order; with {@code reply_confirm = true} the reply
 * goes on the publishing connection and the request is acknowledged on its confirm ({@link ReplySender}). At most
 * {@code concurrency} requests run at once: the channel's prefetch, or with a larger {@code rpc_prefetch} the
 * consumer's permits.
 */
public final class RpcEntrypoint extends QueueConsumer<RpcRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(RpcEntrypoint.class);
    private static final Duration CONFIRMS_ON_CLOSE = Duration.ofSeconds(5);

    private final String service;
    private final String name;
    private final Class<? extends Throwable>[] expected;
    private final boolean annotatedPrivate;
    private boolean privateMethod;
    private String token;
    private ArgumentBinder binder;
    private int prefetch;
    private JsonBudget budget;
    private boolean traceInReplies;
    private String exchangeType;
    private int deliveryMode;
    private boolean replyConfirms;
    private QueueArguments queueArguments;
    private volatile Replies replies; // those of the current channel; each request keeps those of its own
    private StreamCancels cancels;
    private ReplySender confirmed; // reply_confirm: one sender for every channel the requests come on
    private long maxReply;
    private final FatalReplies fatal = new FatalReplies();
    private Observer observer = Observer.NONE;

    public RpcEntrypoint(MethodContext method, RpcMethod annotation) {
        this(method, annotation, annotation.value().isBlank() ? method.name() : annotation.value());
    }

    private RpcEntrypoint(MethodContext method, RpcMethod annotation, String name) {
        super(method, AmqpConnection.of(method.service(), method.service().config()), method.service().name() + "__" + name, Observer.RPC);
        this.service = method.service().name();
        this.name = name;
        this.expected = annotation.expected();
        this.annotatedPrivate = annotation.privateMethod();
    }

    @Override
    public void setup() {
        binder = new ArgumentBinder(name, method.payloadParameters());
        if (method.payloadParameters().stream().anyMatch(p -> !p.isNamePresent())) {
            LOG.warn("{}.{}: parameter names are not in the class file (compile with javac -parameters); "
                    + "kwargs cannot bind by name and the names in errors are arg0, arg1, ...", service, name);
        }
        int concurrency = RpcSettings.concurrency(method.config(), service, " for " + name);
        prefetch = RpcSettings.prefetch(method.config(), service, concurrency);
        limits(prefetch, concurrency, Dispatch.BY_PREFETCH);
        budget = JsonBudget.from(method.config(), concurrency);
        traceInReplies = RpcSettings.errorDetail(method.config());
        maxReply = RpcSettings.maxReplySize(method.config());
        exchangeType = WireSettings.exchangeType(method.service().config());
        deliveryMode = WireSettings.deliveryMode(method.service().config());
        replyConfirms = ReplySender.replyConfirms(method.service().config());
        if (!replyConfirms) {
            connection.willServe(); // opened with the handle's other connections, not after them
        }
        queueArguments = QueueArguments.from(method.config());
        privateMethod = annotatedPrivate || RpcToken.privateMethods(method.service().config()).contains(name);
        token = RpcToken.of(method.service().config());
        if (privateMethod && token == null) {
            throw new ConfigException("[" + service + "] " + name + " is a private method but the service has no " + RpcToken.RPC_TOKEN
                    + ": set it in the INI section or the environment (FARINE_" + service.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_")
                    + "_RPC_TOKEN), never in code");
        }
        observer = method.service().observer();
    }

    @Override
    protected void declare(Channel ch) throws IOException {
        // PROTOCOL.md §1: durable, not auto-delete, no arguments, so that original servers and clients agree;
        // queue_type = quorum / single_active = true are opt-in (every server of the service must say the same)
        ch.exchangeDeclare(service, exchangeType, true, false, false, null);
        ch.queueDeclare(queue(), true, false, false, queueArguments.toMap());
        ch.queueBind(queue(), service, queue());
        // declare runs again on each new channel after the broker closed one (QueueConsumer): what outlives a channel is made once
        if (cancels == null) {
            // its queue is declared with the method's first stream (PROTOCOL.md §7)
            cancels = new StreamCancels(connection, service + "." + name);
        }
        ReplySender sender;
        if (replyConfirms) {
            if (confirmed == null) {
                confirmed = ReplySender.confirmed(() -> connection.channel(connection.publishing()), deliveryMode);
                confirmed.watchedBy(fatal);
                // the last replies' requests are acknowledged on their confirms: wait for them before the connections close
                ReplySender last = confirmed;
                connection.beforeClose(() -> last.awaitConfirms(CONFIRMS_ON_CLOSE));
            }
            sender = confirmed;
        } else {
            // ordered: each reply on the channel its request came on, its acknowledgement after it
            sender = ReplySender.ordered(ch, deliveryMode);
            sender.watchedBy(fatal);
        }
        replies = new Replies(this, method, sender, cancels, name, traceInReplies, observer, maxReply);
    }

    /** The serving connection (requests, then their replies and acks, on one channel); the consuming one with {@code reply_confirm}. */
    @Override
    protected Connection consumingConnection() {
        return replyConfirms ? connection.consuming() : connection.serving();
    }

    @Override
    protected RpcRequest deliver(Channel channel, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        return new RpcRequest(this, channel, envelope, properties, body, replies);
    }

    /** Refused before parsing: a JSON tree costs many times its bytes, and the caller gets an answer, not a timeout. */
    @Override
    protected void tooLarge(RpcRequest request, long size, MessageSizeLimit limit) {
        if (answerable(request)) {
            LOG.warn("{}.{}: request too large (correlation_id={}): {} bytes, max_message_size {} bytes; replying with an error",
                    service, name, request.shownId(), size, limit.bytes());
            request.replies().refuse(request, "ValueError", limit.reason(size));
            observer.rpcServed(service, name, "ValueError", System.nanoTime() - request.started());
        }
    }

    @Override
    protected Object[] accept(RpcRequest request) {
        if (!answerable(request)) {
            return null;
        }
        if (privateMethod && !RpcToken.matches(token, request.header(RpcToken.HEADER))) {
            // never the token itself in the log, neither the right one nor the one presented
            boolean none = request.header(RpcToken.HEADER) == null;
            LOG.warn("{}.{}: private method called {} token; refused (correlation_id={})", service, name,
                    none ? "without a" : "with a wrong", request.shownId());
            request.replies().refuse(request, "Unauthorized", service + "." + name + " is a private method: the request carried "
                    + (none ? "no" : "a wrong") + " token (header " + RpcToken.HEADER + "; a farine caller sends the rpc_token of its [" + service + "] section)");
            return null;
        }
        try {
            return binder.bind(Request.decode(request.body(), binder.arity(), budget));
        } catch (BadRequestException e) {
            LOG.warn("{}.{}: bad request (correlation_id={}): {}; body {}", service, name, request.shownId(), LogText.escape(e.getMessage()),
                    LogText.excerpt(request.body(), 200));
            request.replies().refuse(request, e.pythonType(), e.getMessage());
            observer.rpcServed(service, name, e.pythonType(), System.nanoTime() - request.started());
            return null;
        }
    }

    /**
     * False, the request acked and dropped, when no reply can go (no reply_to), none is awaited (the deadline passed),
     * or its reply is what makes the broker end the channel or connection it goes out on ({@link FatalReplies}).
     */
    private boolean answerable(RpcRequest request) {
        String replyTo = request.replyTo();
        if (replyTo == null || replyTo.isEmpty()) {
            LOG.warn("{}.{}: request without reply_to dropped (correlation_id={}): {}", service, name, request.shownId(),
                    LogText.excerpt(request.body(), 200));
            request.ackOrRequeue(true);
            return false;
        }
        int deaths;
        if (request.envelope().isRedeliver() && (deaths = fatal.deaths(replyTo, request.callId())) >= FatalReplies.LIMIT) {
            // no error reply either: it would go where the last ones went
            LOG.warn("{}.{}: request dropped, not run again (correlation_id={}): the broker ended the channel or connection its reply"
                    + " to {} went out on {} times (last: {}); its caller gets no answer", service, name, request.shownId(),
                    LogText.escape(replyTo), deaths, LogText.escape(fatal.lastReason()));
            request.ackOrRequeue(true);
            return false;
        }
        long now = System.currentTimeMillis();
        if (now > request.deadline()) {
            // the caller has given up (its timeout error is its answer); a WARN, because a server whose clock runs
            // ahead of its callers' would otherwise drop every request without a word
            LOG.warn("{}.{}: request dropped, {} before a worker took it (correlation_id={});"
                    + " if this repeats, check the load and the clocks of caller and server", service, name,
                    RpcRequest.lateness(now, request.deadline()), request.shownId());
            request.ackOrRequeue(true);
            observer.rpcServed(service, name, Observer.TIMEOUT, System.nanoTime() - request.started());
            return false;
        }
        return true;
    }

    @Override
    protected void handle(RpcRequest request, Object result, Throwable failure) {
        request.replies().reply(request, result, failure);
    }

    /** The reply could not go out (the connection is down): not the method's failure; the request is requeued. */
    void notPublished(RpcRequest request, Exception e) {
        LOG.warn("{}.{}: reply to {} not published (correlation_id={}): {}; the request is requeued",
                service, name, LogText.escape(request.replyTo()), request.shownId(), e.toString());
    }

    /** The broker refused the reply to a request that was requeued already (once): the request is dropped. */
    void refusedAgain(RpcRequest request, Exception e) {
        LOG.warn("{}.{}: reply to {} refused by the broker again (correlation_id={}): {}; the request is dropped after two runs,"
                + " its caller gets no answer", service, name, LogText.escape(request.replyTo()), request.shownId(), e.getMessage());
    }

    @Override
    public void kill() {
        super.kill();
        Replies r = replies;
        if (r != null) {
            r.close();
        }
    }

    @Override
    public EntrypointInfo info() {
        return new EntrypointInfo("rpc", name, service, queue(), queue(), privateMethod);
    }

    @Override
    public String describe() {
        return "rpc " + name + " (queue " + queue() + ", concurrency " + concurrency() + (prefetch > concurrency() ? ", prefetch " + prefetch : "") + ")";
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

    @Override
    protected String where() {
        return service + "." + name;
    }
}
