package farine.stream.internal;

import farine.spi.MethodContext;
import farine.spi.WorkerContext;
import farine.stream.SseEvent;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * Hands events to the method, one worker at a time, and waits for it: the next event is not read
 * before this one is done, so events are processed in the stream's order. A method that throws is run
 * again up to {@code retries} times ({@code retry_delay}, doubling); then the event is logged at ERROR
 * with its id and data and the stream goes on. Called on the listener's thread only.
 */
final class EventDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(EventDelivery.class);
    /** A 1 MiB event is not written whole into the log. */
    static final int LOGGED_DATA = 4096;

    private final MethodContext method;
    private final EventBinder binder;
    private final Set<String> events;
    private final int retries;
    private final Duration retryDelay;
    private final BooleanSupplier stopping;

    EventDelivery(MethodContext method, EventBinder binder, StreamSettings settings, BooleanSupplier stopping) {
        this.method = method;
        this.binder = binder;
        this.events = settings.events();
        this.retries = settings.retries();
        this.retryDelay = settings.retryDelay();
        this.stopping = stopping;
    }

    /** Whether the method wants this event: data not empty (as the original), type selected by {@code event}. */
    boolean wanted(SseEvent event) {
        return !event.data().isEmpty() && (events.isEmpty() || events.contains(event.event()));
    }

    /**
     * Runs the method for the event, with retries. Returns when the event is done with: processed,
     * given up on (logged), or abandoned because the container is stopping (logged).
     */
    void deliver(SseEvent event) {
        String name = method.service().name() + "." + method.name();
        Object[] payload;
        try {
            payload = binder.bind(event);
        } catch (JacksonException e) {
            LOG.error("{}: event data is not a {} ({}); event skipped, not retried: {}", name, binder.dataType(),
                    e.getOriginalMessage(), describe(event));
            return;
        }
        WorkerContext worker = new WorkerContext(method.service().name(), method.name(),
                event.id().isEmpty() ? null : event.id(), Map.of("sse.event", event.event()));
        for (int attempt = 1; ; attempt++) {
            Throwable failure = run(worker, payload);
            if (failure == null) {
                return;
            }
            if (stopping.getAsBoolean() || !method.service().running()) {
                LOG.error("{}: event not processed, the container is stopping ({}): {}", name, failure, describe(event));
                return;
            }
            if (attempt > retries) {
                LOG.error("{}: giving up on the event after {} attempt(s), last failure {}: {}", name, attempt, failure,
                        describe(event));
                return;
            }
            Duration wait = retryDelay.multipliedBy(1L << Math.min(attempt - 1, 20));
            LOG.warn("{}: attempt {} of {} failed on event id={} ({}); retrying in {} ms", name, attempt, retries + 1,
                    event.id(), failure, wait.toMillis());
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.error("{}: event not retried, the listener is stopping: {}", name, describe(event));
                return;
            }
        }
    }

    /**
     * Runs one worker and waits for it; an interrupt (stop closing the connection) does not abandon the
     * wait, since the container waits for running workers anyway, up to {@code shutdown_timeout}.
     */
    private Throwable run(WorkerContext worker, Object[] payload) {
        CompletableFuture<Void> done = method.spawn(worker, payload, (result, failure) -> { });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    done.get();
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    return e.getCause();
                } catch (CancellationException e) {
                    return e;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Id, type and data for a log line; data longer than {@link #LOGGED_DATA} chars is cut, saying how long it was. */
    static String describe(SseEvent event) {
        String data = event.data();
        String shown = data.length() <= LOGGED_DATA ? data
                : data.substring(0, LOGGED_DATA) + "... (" + data.length() + " chars, first " + LOGGED_DATA + " shown)";
        return "id=" + (event.id().isEmpty() ? "(none)" : event.id()) + " event=" + event.event() + " data=" + shown;
    }
}
