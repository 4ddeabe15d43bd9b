package farine.rpc.internal.client;

import com.rabbitmq.client.AMQP;
import farine.FarineException;
import farine.rpc.RpcCallbacks;
import farine.rpc.RpcTimeoutException;
import farine.rpc.internal.threads.Timeouts;
import farine.rpc.internal.threads.VirtualThreads;
import farine.rpc.internal.wire.CorrelationIds;
import farine.rpc.internal.wire.ReplyFrame;
import farine.rpc.internal.wire.RequestHeaders;
import farine.rpc.internal.wire.RpcJson;
import farine.rpc.internal.wire.RpcToken;
import farine.spi.Observer;
import farine.spi.TraceContext;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;

/**
 * Calls the methods of one remote service through a {@link ReplyListener}. The caller's thread
 * publishes and waits; the dispatch thread only hands frames over; results are decoded on the
 * caller's thread (or a virtual thread for asynchronous calls). Thread-safe.
 */
final class RemoteService {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RemoteService.class);

    private final ReplyListener listener;
    private final String service;
    private final String exchangeType;
    private final Duration idleTimeout;
    private final int deliveryMode;
    private final Executor completions;
    private final Observer observer;
    private final String caller; // the calling service, null outside a container
    private final String token;
    // per method name: the request's routing key and the name the observer sees, made once instead of per call
    private final java.util.concurrent.ConcurrentHashMap<String, Names> names = new java.util.concurrent.ConcurrentHashMap<>();
    private static final boolean SINGLE = true;
    private static final boolean STREAMED = false;

    /**
     * {@code idleTimeout} null: the call's timeout; {@code deliveryMode} 2 (persistent, PROTOCOL.md §2) or 1;
     * {@code callbacks}: where asynchronous results are completed; {@code token}: the remote service's rpc_token
     * sent with every request (header x-farine-token, for its private methods), or null.
     */
    RemoteService(ReplyListener listener, String service, String exchangeType, Duration idleTimeout, int deliveryMode,
            RpcCallbacks callbacks, String token, Observer observer, String caller) {
        this.observer = observer;
        this.caller = caller;
        this.listener = listener;
        this.service = service;
        this.exchangeType = exchangeType;
        this.idleTimeout = idleTimeout;
        this.deliveryMode = deliveryMode;
        this.token = token;
        this.completions = switch (callbacks) {
            case VIRTUAL_THREAD -> VirtualThreads.EXECUTOR;
            case REPLY_THREAD -> Runnable::run; // whichever thread completes the call: the reader, or the timer
        };
    }

    String service() {
        return service;
    }

    Object call(String method, Object[] args, JavaType type, Duration timeout) {
        return call(method, args, Map.of(), type, timeout);
    }

    /** A call with keyword arguments too ({@code kwargs}: bound by parameter name on the server, PROTOCOL.md §3). */
    Object call(String method, Object[] args, Map<String, ?> kwargs, JavaType type, Duration timeout) {
        long started = System.nanoTime();
        try {
            Object value = waitForReply(method, args, kwargs, type, timeout);
            observer.rpcCalled(caller, service, method, Observer.OK, System.nanoTime() - started);
            return value;
        } catch (RuntimeException e) {
            observer.rpcCalled(caller, service, method, outcome(e), System.nanoTime() - started);
            throw e;
        }
    }

    private static String outcome(Throwable failure) {
        Throwable f = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return f instanceof RpcTimeoutException ? Observer.TIMEOUT : f.getClass().getSimpleName();
    }

    private Object waitForReply(String method, Object[] args, Map<String, ?> kwargs, JavaType type, Duration timeout) {
        refuseOnReaderThread(method);
        PendingCall.Single call = new PendingCall.Single(System.nanoTime() + timeout.toNanos() * 2);
        String id = send(method, encode(method, args, kwargs), timeout, call, SINGLE);
        return result(method, id, await(method, id, call, timeout), type);
    }

    /**
     * A call whose arguments are JSON already ({@code args} an array, {@code kwargs} an object or null) and whose
     * result is wanted as the JSON it was sent as: the reply's value is not read into a tree (RpcCaller.callJson).
     */
    byte[] callJson(String method, byte[] args, byte[] kwargs, Duration timeout) {
        long started = System.nanoTime();
        try {
            refuseOnReaderThread(method);
            PendingCall.Single call = new PendingCall.Single(System.nanoTime() + timeout.toNanos() * 2, true);
            String id = send(method, RpcJson.request(args, kwargs), timeout, call, SINGLE);
            ReplyFrame frame = await(method, id, call, timeout);
            byte[] value = switch (frame.kind()) {
                case ITEM -> frame.rawBody();
                case END -> NULL.clone(); // a streaming method that produced nothing, called without streaming
                case ERROR -> throw RemoteErrors.of(service, method, frame);
            };
            observer.rpcCalled(caller, service, method, Observer.OK, System.nanoTime() - started);
            return value;
        } catch (RuntimeException e) {
            observer.rpcCalled(caller, service, method, outcome(e), System.nanoTime() - started);
            throw e;
        }
    }

    private static final byte[] NULL = "null".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** The call's one frame, within {@code timeout}: a timeout or an interrupt forgets the call. */
    private ReplyFrame await(String method, String id, PendingCall.Single call, Duration timeout) {
        ReplyFrame frame;
        try {
            frame = call.future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            listener.forget(id);
            throw new RpcTimeoutException("no reply", service, method, timeout, id);
        } catch (InterruptedException e) {
            listener.forget(id);
            Thread.currentThread().interrupt();
            throw new FarineException("interrupted while waiting for " + service + "." + method + " (correlation_id=" + id + ")", e);
        } catch (ExecutionException e) {
            if (e.getCause() == PendingCall.EXPIRED) {
                // swept while this thread was slow to wake up: the same outcome as timing out here
                throw new RpcTimeoutException("no reply", service, method, timeout, id);
            }
            throw e.getCause() instanceof RuntimeException re ? re : new FarineException(e.getCause().toString(), e.getCause());
        }
        return frame;
    }

    CompletableFuture<Object> callAsync(String method, Object[] args, JavaType type, Duration timeout) {
        if (observer == Observer.NONE) {
            return sendAsync(method, args, type, timeout);
        }
        long started = System.nanoTime();
        CompletableFuture<Object> result = sendAsync(method, args, type, timeout);
        result.whenComplete((value, failure) -> observer.rpcCalled(caller, service, method,
                failure == null ? Observer.OK : outcome(failure), System.nanoTime() - started));
        return result;
    }

    private CompletableFuture<Object> sendAsync(String method, Object[] args, JavaType type, Duration timeout) {
        if (listener.onReaderThread()) {
            return sentFromAVirtualThread(method, args, type, timeout);
        }
        PendingCall.Single call = new PendingCall.Single(System.nanoTime() + timeout.toNanos() * 2);
        String id;
        try {
            id = send(method, encode(method, args, Map.of()), timeout, call, SINGLE);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // an asynchronous call reports every failure through its future
        }
        CompletableFuture<Object> result = new CompletableFuture<>();
        Timeouts.within(call.future, timeout.toNanos()).whenCompleteAsync((frame, failure) -> {
            if (failure instanceof TimeoutException || failure == PendingCall.EXPIRED) {
                listener.forget(id);
                result.completeExceptionally(new RpcTimeoutException("no reply", service, method, timeout, id));
            } else if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                try {
                    result.complete(result(method, id, frame, type));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }
        }, completions);
        // cancelling the caller's future forgets the call
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                listener.forget(id);
            }
        });
        return result;
    }

    /**
     * A reply_thread callback calling again: sending may wait for the broker (a first call to a service binds
     * the reply queue), whose answer only the reader thread can read. Cancelling the returned future
     * cancels, and so forgets, the call, as it does on any other path.
     */
    private CompletableFuture<Object> sentFromAVirtualThread(String method, Object[] args, JavaType type, Duration timeout) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        TraceContext trace = TraceContext.current(); // the request carries the caller's trace, not a new one
        VirtualThreads.EXECUTOR.execute(() -> {
            TraceContext.makeCurrent(trace);
            CompletableFuture<Object> sent = sendAsync(method, args, type, timeout);
            sent.whenComplete((value, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            });
            result.whenComplete((value, failure) -> {
                if (result.isCancelled()) {
                    sent.cancel(false);
                }
            });
        });
        return result;
    }

    /**
     * Items as they arrive; the first within {@code timeout}, each next within the idle timeout. Closing the stream
     * before its end forgets the call and cancels it at a farine server (PROTOCOL.md §7), as giving up on it does
     * (a timeout, an interrupt).
     */
    Stream<Object> stream(String method, Object[] args, JavaType type, Duration timeout) {
        refuseOnReaderThread(method);
        long started = System.nanoTime();
        Duration idle = idleTimeout == null ? timeout : idleTimeout;
        PendingCall.Streamed call = new PendingCall.Streamed(System.nanoTime() + timeout.toNanos() * 2, idle.toNanos() * 2);
        String id;
        try {
            id = send(method, encode(method, args, Map.of()), timeout, call, STREAMED);
        } catch (RuntimeException e) {
            observer.rpcCalled(caller, service, method, outcome(e), System.nanoTime() - started);
            throw e;
        }
        Items items = new Items(method, id, call, type, timeout, idle, started);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED), false)
                .onClose(() -> {
                    items.timed(Observer.CLOSED); // only when the stream had not ended: then it was timed already
                    items.abandon();
                });
    }

    private void refuseOnReaderThread(String method) {
        if (listener.onReaderThread()) {
            throw new FarineException("cannot call " + service + "." + method + " and wait from the thread that reads the replies"
                    + " (a callback with rpc_callbacks = reply_thread): its reply could never be read; chain it with callAsync and"
                    + " thenCompose, or use rpc_callbacks = virtual_thread");
        }
    }

    /**
     * {@code single}: {@link #SINGLE} for a call that keeps one value (it takes a plain value as one message,
     * without its {@code __end__}), {@link #STREAMED} for a stream; both with the deadline added.
     */
    private String send(String method, byte[] body, Duration timeout, PendingCall call, boolean single) {
        listener.bindTo(service, exchangeType);
        String id = CorrelationIds.next();
        long millis = Math.max(1, timeout.toMillis());
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json").contentEncoding("utf-8").deliveryMode(deliveryMode)
                .correlationId(id).replyTo(listener.queue())
                // the request dies in the queue when nobody serves it in time (PROTOCOL.md §4)
                .expiration(expiration(millis))
                .headers(headers(method, System.currentTimeMillis() + millis, single))
                .build();
        listener.send(service, names(method).routingKey(), properties, body, call);
        if (LOG.isDebugEnabled()) {
            LOG.debug("call {}.{} sent (correlation_id={}, {} bytes, deadline {} ms)", service, method, id, body.length, millis);
        }
        return id;
    }

    private byte[] encode(String method, Object[] args, Map<String, ?> kwargs) {
        try {
            return RpcJson.request(args, kwargs);
        } catch (JacksonException e) {
            throw new FarineException("cannot encode the arguments of " + service + "." + method + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The request's headers: the deadline, the single-reply flag, the token when the service has one (docs/registry.md),
     * and the W3C trace context (the calling worker's span is the served call's parent).
     */
    private Map<String, Object> headers(String method, long deadline, boolean single) {
        TraceContext trace = observer.sending(Observer.RPC, caller, names(method).qualified(), TraceContext.current());
        Map<String, Object> headers = new java.util.HashMap<>(6);
        headers.put(RequestHeaders.DEADLINE_HEADER, deadline);
        if (single) {
            headers.put(RequestHeaders.SINGLE_REPLY_HEADER, Boolean.TRUE);
        }
        if (token != null) {
            headers.put(RpcToken.HEADER, token);
        }
        // a String, not a LongString: the client writes a LongString through a fresh 4 KB copy buffer (see AmqpPublisher.withTrace)
        headers.put(TraceContext.TRACEPARENT, trace.traceparent());
        if (trace.traceState() != null) {
            headers.put(TraceContext.TRACESTATE, trace.traceState());
        }
        return headers;
    }

    /** The last expiration written, as text: a service's calls mostly share one timeout. */
    private volatile Expiration lastExpiration = new Expiration(-1, "");

    private record Expiration(long millis, String text) {
    }

    private String expiration(long millis) {
        Expiration last = lastExpiration;
        if (last.millis() != millis) {
            last = new Expiration(millis, Long.toString(millis));
            lastExpiration = last;
        }
        return last.text();
    }

    /** {@code svc__method} (the request queue's name, PROTOCOL.md §1) and {@code svc.method}. */
    private record Names(String routingKey, String qualified) {
    }

    private Names names(String method) {
        Names known = names.get(method);
        if (known == null) {
            // a caller naming methods without end (RpcCaller with names from its input) keeps no more than a bounded map
            known = new Names(service + "__" + method, service + "." + method);
            if (names.size() < 1024) {
                names.putIfAbsent(method, known);
            }
        }
        return known;
    }

    private Object result(String method, String id, ReplyFrame frame, JavaType type) {
        Object value = switch (frame.kind()) {
            case ITEM -> decode(method, id, frame, type);
            case END -> null; // a streaming method that produced nothing, called without streaming
            case ERROR -> throw RemoteErrors.of(service, method, frame);
        };
        if (value == null && type.isPrimitive()) {
            throw new IllegalStateException(service + "." + method + " returned " + (frame.kind() == ReplyFrame.Kind.END ? "nothing" : "null")
                    + " (correlation_id=" + id + "), which cannot be a " + type.getRawClass().getName()
                    + "; declare the client method's return type as the wrapper class to accept null");
        }
        return value;
    }

    private Object decode(String method, String id, ReplyFrame frame, JavaType type) {
        if (type.isPrimitive() && (frame.body() == null || frame.body().isNull())) {
            return null; // result() says what is wrong; Jackson would say 0 or fail without naming the call
        }
        try {
            return RpcJson.convert(frame.body(), type);
        } catch (JacksonException e) {
            throw new FarineException("reply of " + service + "." + method + " (correlation_id=" + id + ") does not convert to "
                    + type.toCanonical() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a stream's frames; the entry is gone once it ends, fails or times out. */
    private final class Items implements Iterator<Object> {
        private final String method;
        private final String id;
        private final PendingCall.Streamed call;
        private final JavaType type;
        private final Duration first;
        private final Duration idle;
        private final long sent;
        private ReplyFrame next;
        private boolean started;
        private boolean done;
        private boolean timed;

        Items(String method, String id, PendingCall.Streamed call, JavaType type, Duration first, Duration idle, long sent) {
            this.sent = sent;
            this.method = method;
            this.id = id;
            this.call = call;
            this.type = type;
            this.first = first;
            this.idle = idle;
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (done) {
                return false;
            }
            boolean firstFrame = !started;
            Duration wait = firstFrame ? first : idle;
            Object taken;
            try {
                taken = call.frames.poll(wait.toNanos());
            } catch (InterruptedException e) {
                abandon();
                Thread.currentThread().interrupt();
                throw new FarineException("interrupted while streaming " + service + "." + method + " (correlation_id=" + id + ")", e);
            }
            started = true;
            call.touch();
            if (taken == null || taken == PendingCall.EXPIRED) {
                abandon();
                timed(Observer.TIMEOUT);
                throw new RpcTimeoutException(firstFrame ? "no reply" : "no further stream item", service, method, wait, id);
            }
            if (taken instanceof RuntimeException failure) {
                finish();
                timed(outcome(failure));
                throw failure;
            }
            ReplyFrame frame = (ReplyFrame) taken;
            switch (frame.kind()) {
                case ITEM -> next = frame;
                case END -> {
                    finish();
                    timed(Observer.OK);
                }
                case ERROR -> {
                    finish();
                    RuntimeException failure = RemoteErrors.of(service, method, frame);
                    timed(outcome(failure));
                    throw failure;
                }
            }
            return next != null;
        }

        /** The call's timer, once: from the request to the stream's end, failure, timeout, or the caller closing it. */
        void timed(String outcome) {
            if (!timed) {
                timed = true;
                observer.rpcCalled(caller, service, method, outcome, System.nanoTime() - sent);
            }
        }

        @Override
        public Object next() {
            if (!hasNext()) {
                throw new NoSuchElementException(service + "." + method + " stream ended");
            }
            ReplyFrame frame = next;
            next = null;
            return decode(method, id, frame, type);
        }

        private void finish() {
            done = true;
            listener.forget(id);
        }

        /** The caller gives up before the end: forgotten here, cancelled at a farine server that said where. */
        void abandon() {
            if (done) {
                return;
            }
            finish();
            String cancelTo = call.cancelTo;
            if (cancelTo != null) {
                listener.cancel(id, cancelTo);
            }
        }
    }
}
