package farine.stream;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Listens to a Server-Sent Events stream and calls the method once per event, in the order the
 * server sent them (one worker at a time per method).
 *
 * <pre>{@code
 * @HttpStream(endpoint = "https://example.com/ticks", event = "tick")
 * public void tick(Tick tick, SseEvent event) { ... }
 * }</pre>
 *
 * <p>The method's parameters that no dependency claims receive the event: a {@code String} gets the
 * raw {@code data}, an {@link SseEvent} gets the whole event, any other type (a record, a POJO,
 * {@code JsonNode}, {@code Map}) gets {@code data} bound by Jackson. Events with empty data are
 * skipped. The endpoint, the event filter and request headers come from the service's INI section,
 * which wins over the annotation ({@code endpoint}, {@code event}, {@code headers},
 * {@code read_timeout}, {@code retries}, {@code limit}, {@code reconnect_delay}, ...; see
 * docs/stream.md).
 *
 * <p>Threading: each method has its own virtual thread reading the stream; the method runs as a
 * worker, one event at a time.
 *
 * <p>Failure behaviour: the listener reconnects forever after disconnects, network errors, 5xx and
 * 4xx answers (with exponential backoff and jitter when failures repeat), resending
 * {@code Last-Event-ID}; it stops only on HTTP 204, on a 4xx when {@code stop_on_client_error} is set,
 * after {@code limit} events, or when the container stops. A method that throws is retried
 * {@code retries} times, then the event is logged (id and data) at ERROR and the stream goes on.
 * Data that cannot be bound to the parameter's type is logged the same way and not retried.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HttpStream {

    /** The stream's URL; INI {@code endpoint} overrides it. Empty: INI {@code endpoint} is required. */
    String endpoint() default "";

    /**
     * Event types to deliver (an event without an {@code event:} field is {@code "message"}); empty: all.
     * INI {@code event} overrides it.
     */
    String[] event() default {};
}
