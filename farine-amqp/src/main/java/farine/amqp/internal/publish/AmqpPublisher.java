package farine.amqp.internal.publish;

import farine.spi.JsonRules;
import com.rabbitmq.client.AMQP;
import farine.FarineException;
import farine.amqp.Outgoing;
import farine.amqp.PublishException;
import farine.amqp.Publisher;
import farine.spi.Observer;
import farine.spi.TraceContext;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;

/** A {@link Publisher} on a {@link ConfirmingChannel}: JSON bodies, PROTOCOL.md §2 properties. Thread-safe. */
final class AmqpPublisher implements Publisher {

    private final ConfirmingChannel confirms;
    private final String exchange;
    private final String routingKey;
    private final PublishPolicy policy;
    private final Observer observer;
    private final String service; // null outside a container
    private final Semaphore window; // max_unconfirmed: sends awaiting the broker's confirm

    AmqpPublisher(ConfirmingChannel confirms, String exchange, String routingKey, PublishPolicy policy, Observer observer, String service) {
        this.confirms = confirms;
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.policy = policy;
        this.observer = observer;
        this.service = service;
        this.window = new Semaphore(policy.maxUnconfirmed());
    }

    static AMQP.BasicProperties properties(int deliveryMode, Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .contentEncoding("utf-8")
                .deliveryMode(deliveryMode)
                .priority(0)
                .headers(headers)
                .build();
    }

    @Override
    public void send(Outgoing message) {
        CompletableFuture<Void> confirmed = sendAsync(message);
        try {
            // the channel fails the message at its deadline; the extra second only guards against a bug there
            confirmed.get(policy.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof PublishException pe
                    ? new PublishException(pe.exchange(), pe.routingKey(), pe.reason(), pe.getCause())
                    : new PublishException(exchange, key(message), e.getCause().toString(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishException(exchange, key(message), "not confirmed within publish_timeout " + policy.timeout().toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException(exchange, key(message), "interrupted while waiting for the broker's confirm", e);
        }
    }

    @Override
    public CompletableFuture<Void> sendAsync(Outgoing message) {
        byte[] body;
        try {
            body = message.body() instanceof byte[] raw ? raw : JsonRules.MAPPER.writeValueAsBytes(message.body());
        } catch (JacksonException e) {
            throw new FarineException("cannot serialize " + message.body().getClass().getName() + " to JSON for exchange '"
                    + exchange + "': " + e.getOriginalMessage(), e);
        }
        // W3C trace context: the worker's span is the parent of what consumes this message; outside a worker, a new trace
        TraceContext trace = observer.sending(Observer.PUBLISH, service, exchange, TraceContext.current());
        AMQP.BasicProperties props = properties(policy.deliveryMode(), withTrace(message.headers(), trace));
        CompletableFuture<Void> confirmed = awaitWindow(key(message));
        if (confirmed != null) {
            observer.published(service, exchange, outcome(confirmed.exceptionNow()));
            return confirmed;
        }
        try {
            confirmed = confirms.publish(exchange, key(message), policy.mandatory(), props, body);
        } catch (RuntimeException | Error e) {
            window.release();
            throw e;
        }
        // one callback per message: the window's place back, and the outcome for the observer (a no-op when off)
        confirmed.whenComplete((ok, failure) -> {
            window.release();
            if (observer != Observer.NONE) {
                observer.published(service, exchange, outcome(failure));
            }
        });
        return confirmed;
    }

    /**
     * {@code headers} and the trace context, in a new map: what {@link TraceContext#addTo} gives. {@code traceparent} stays
     * a {@code String}: as a {@code LongString} it would be encoded once instead of twice, but the client writes a
     * {@code LongString} through a fresh 4 KB copy buffer, which made 15 % of an RPC call's allocation (JFR, farine-bench).
     */
    static Map<String, Object> withTrace(Map<String, Object> headers, TraceContext trace) {
        Map<String, Object> with = new java.util.HashMap<>(headers == null ? 4 : headers.size() + 4);
        if (headers != null) {
            with.putAll(headers);
        }
        with.put(TraceContext.TRACEPARENT, trace.traceparent());
        if (trace.traceState() != null) {
            with.put(TraceContext.TRACESTATE, trace.traceState());
        }
        return with;
    }

    /** The {@link Observer} outcome of a publish, from the reason {@link ConfirmingChannel} gives. */
    static String outcome(Throwable failure) {
        if (failure == null) {
            return Observer.CONFIRMED;
        }
        String reason = failure instanceof PublishException pe ? pe.reason() : "";
        return reason.startsWith("nacked") ? Observer.NACKED : reason.startsWith("unroutable") ? Observer.RETURNED
                : reason.contains("publish_timeout") ? Observer.TIMED_OUT : Observer.FAILED;
    }

    private String key(Outgoing message) {
        return message.routingKey() == null ? routingKey : message.routingKey();
    }

    @Override
    public String exchange() {
        return exchange;
    }

    @Override
    public String toString() {
        return "Publisher[exchange=" + exchange + ", routingKey=" + routingKey + "]";
    }

    /**
     * Null once a place in the {@code max_unconfirmed} window is taken (released when the broker answers); else, after
     * waiting {@code publish_timeout} for one, or when interrupted, a failed future saying why.
     */
    private CompletableFuture<Void> awaitWindow(String key) {
        if (window.tryAcquire()) {
            return null;
        }
        try {
            if (window.tryAcquire(policy.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                return null;
            }
            return CompletableFuture.failedFuture(new PublishException(exchange, key, policy.maxUnconfirmed()
                    + " messages (max_unconfirmed) were awaiting the broker's confirm and none was confirmed within publish_timeout "
                    + policy.timeout().toMillis() + " ms", null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new PublishException(exchange, key,
                    "interrupted while waiting for a place among the max_unconfirmed " + policy.maxUnconfirmed() + " unconfirmed messages", e));
        }
    }
}
