package farine.stream.internal;

import farine.spi.MethodContext;
import farine.stream.SseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code @HttpStream} method's connection loop, on its own virtual thread: connect, read events
 * and hand them to {@link EventDelivery}, and on any end other than HTTP 204, {@code limit} or stop,
 * reconnect after {@link Reconnect}'s delay with {@code Last-Event-ID}. {@link #stop()} may be called
 * from any thread: it closes the connection, which makes a blocked read return at once.
 */
final class StreamListener implements SseParser.Sink {

    private static final Logger LOG = LoggerFactory.getLogger(StreamListener.class);
    private static final int BUFFER = 16 * 1024;

    private final MethodContext method;
    private final String name;
    private final StreamSettings settings;
    private final EventDelivery delivery;
    private final HttpClient client;
    private final SseParser parser;
    private final Reconnect reconnect;
    private volatile boolean stopping;
    private volatile boolean finished;
    private volatile InputStream body;
    private volatile Thread thread;
    private IdleWatch idle; // of the current connection; used on the listener's thread only
    private long eventsThisConnection;
    private long handled;

    StreamListener(MethodContext method, StreamSettings settings, EventBinder binder, HttpClient client) {
        this.method = method;
        this.name = method.service().name() + "." + method.name();
        this.settings = settings;
        this.delivery = new EventDelivery(method, binder, settings, () -> stopping);
        this.client = client;
        this.parser = new SseParser(this, "", settings.reconnectDelay(), settings.maxEventSize());
        this.reconnect = new Reconnect(settings.reconnectMaxDelay(), new SplittableRandom());
    }

    /** The listener's loop; returns when stopped, after HTTP 204 or after {@code limit} events. */
    void run() {
        thread = Thread.currentThread();
        try {
            while (!stopping) {
                Attempt attempt;
                try {
                    attempt = connect();
                } catch (RuntimeException e) {
                    LOG.error("{}: unexpected failure while listening to {}", name, settings.describeEndpoint(), e);
                    attempt = Attempt.failure(null);
                }
                if (attempt.stop() || stopping) {
                    return;
                }
                Duration wait = reconnect.next(attempt.failed(), parser.reconnectionTime(), attempt.retryAfter());
                LOG.info("{}: reconnecting to {} in {} ms{}{}", name, settings.describeEndpoint(), wait.toMillis(),
                        reconnect.failures() > 0 ? " (" + reconnect.failures() + " failure(s) in a row)" : "",
                        parser.lastEventId().isEmpty() ? "" : " with Last-Event-ID " + parser.lastEventId());
                method.service().observer().streamReconnected(method.service().name(), method.name());
                Thread.sleep(wait);
            }
        } catch (InterruptedException e) {
            // stop() interrupts the wait between connections
        } catch (Throwable t) {
            method.service().fail("@HttpStream listener " + name, t);
        } finally {
            client.shutdownNow();
            LOG.info("{}: stopped listening to {} after {} event(s)", name, settings.describeEndpoint(), handled);
        }
    }

    /** Closes the connection and ends the loop; the event being handled, if any, is finished first. */
    void stop() {
        stopping = true;
        closeBody();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private Attempt connect() throws InterruptedException {
        HttpResponse<InputStream> response;
        try {
            response = client.send(request(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            LOG.warn("{}: cannot connect to {}: {}", name, settings.describeEndpoint(), reason(e));
            return Attempt.failure(null);
        }
        try (InputStream in = response.body();
                IdleWatch watch = IdleWatch.start(settings.readTimeout(), this::closeBody, "farine-stream-idle-" + name)) {
            body = in;
            idle = watch;
            if (stopping) {
                return Attempt.end();
            }
            return answer(response, in);
        } catch (IOException e) {
            return Attempt.failure(null); // closing failed: the connection is gone either way
        } finally {
            body = null;
            idle = null;
        }
    }

    private HttpRequest request() {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.endpoint()).GET()
                .header("Accept", "text/event-stream")
                .header("Cache-Control", "no-cache");
        if ("http".equalsIgnoreCase(settings.endpoint().getScheme())) {
            request.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance on a plain connection
        }
        if (!settings.readTimeout().isZero()) {
            request.timeout(settings.readTimeout()); // until the response headers arrive
        }
        if (!parser.lastEventId().isEmpty()) {
            try {
                request.header("Last-Event-ID", parser.lastEventId());
            } catch (IllegalArgumentException e) {
                LOG.warn("{}: last event id {} cannot be sent as a header ({}); reconnecting without it", name,
                        parser.lastEventId(), e.getMessage());
            }
        }
        settings.headers().addTo(request);
        return request.build();
    }

    private Attempt answer(HttpResponse<InputStream> response, InputStream in) {
        int status = response.statusCode();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (status == 200 && contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            return read(in);
        }
        Duration retryAfter = retryAfter(response);
        if (status == 204) {
            LOG.info("{}: {} answered 204 No Content: the server ended the stream; not reconnecting", name,
                    settings.describeEndpoint());
            return Attempt.end();
        }
        if (status >= 500 || status == 408 || status == 429) {
            LOG.warn("{}: {} answered HTTP {}{}", name, settings.describeEndpoint(), status, excerpt(in));
            return Attempt.failure(retryAfter);
        }
        if (status == 200) {
            LOG.error("{}: {} answered 200 with Content-Type '{}', not text/event-stream; is the endpoint right?", name,
                    settings.describeEndpoint(), contentType);
            return Attempt.failure(retryAfter);
        }
        boolean clientError = status >= 400 && status < 500;
        LOG.error("{}: {} answered HTTP {}{}; check endpoint and headers{}", name, settings.describeEndpoint(), status,
                excerpt(in), clientError && settings.stopOnClientError()
                        ? "; not reconnecting (stop_on_client_error = true)"
                        : "; retrying with backoff up to " + settings.reconnectMaxDelay().toMillis() + " ms");
        return clientError && settings.stopOnClientError() ? Attempt.end() : Attempt.failure(retryAfter);
    }

    private Attempt read(InputStream in) {
        LOG.info("{}: connected to {}{}", name, settings.describeEndpoint(),
                parser.lastEventId().isEmpty() ? "" : " (Last-Event-ID " + parser.lastEventId() + ")");
        parser.newConnection();
        eventsThisConnection = 0;
        byte[] buffer = new byte[BUFFER];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                idle.active();
                parser.feed(buffer, 0, n);
                if (finished || stopping) {
                    return Attempt.end();
                }
            }
            LOG.info("{}: {} closed the stream after {} event(s)", name, settings.describeEndpoint(), eventsThisConnection);
        } catch (IOException e) {
            if (finished || stopping) {
                return Attempt.end();
            }
            if (idle.fired()) {
                LOG.warn("{}: nothing received from {} for {} ms (read_timeout); reconnecting", name,
                        settings.describeEndpoint(), settings.readTimeout().toMillis());
            } else {
                LOG.warn("{}: connection to {} lost after {} event(s): {}", name, settings.describeEndpoint(),
                        eventsThisConnection, reason(e));
            }
        }
        return eventsThisConnection > 0 ? Attempt.again() : Attempt.failure(null);
    }

    @Override
    public void event(SseEvent event) {
        eventsThisConnection++;
        if (finished || stopping || !delivery.wanted(event)) {
            return;
        }
        idle.paused(true);
        try {
            delivery.deliver(event);
        } finally {
            idle.paused(false);
        }
        handled++;
        method.service().observer().streamEvent(method.service().name(), method.name());
        if (settings.limit() > 0 && handled >= settings.limit()) {
            LOG.info("{}: limit of {} event(s) reached; closing the stream", name, settings.limit());
            finished = true;
        }
    }

    @Override
    public void discarded(String lastEventId, String eventType, long bytes) {
        eventsThisConnection++;
        LOG.error("{}: event id={} event={} discarded: its {} bytes exceed max_event_size ({} bytes)", name,
                lastEventId.isEmpty() ? "(none)" : lastEventId, eventType, bytes, settings.maxEventSize());
    }

    private void closeBody() {
        InputStream in = body;
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // closing is how a blocked read is ended; nothing more to do
            }
        }
    }

    /**
     * The exception's type and the first message along its causes, for a log line: the JDK client's
     * exceptions often carry their message on a cause, and a refused connection carries none at all.
     */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return e.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return e instanceof ConnectException
                ? "ConnectException: refused or unreachable (nothing listening at that host and port?)"
                : e.getClass().getSimpleName();
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        Optional<String> value = response.headers().firstValue("Retry-After");
        if (value.isPresent() && value.get().strip().matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(value.get().strip()));
        }
        return null; // absent, or an HTTP date: the backoff applies
    }

    /** The start of an error body, for the log: servers often explain a refusal there. */
    private static String excerpt(InputStream in) {
        try {
            byte[] start = in.readNBytes(300);
            String text = new String(start, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
            return text.isEmpty() ? "" : ": " + text;
        } catch (IOException e) {
            return "";
        }
    }

    /** How one connection attempt ended. */
    private record Attempt(boolean stop, boolean failed, Duration retryAfter) {
        static Attempt end() {
            return new Attempt(true, false, null);
        }

        static Attempt again() {
            return new Attempt(false, false, null);
        }

        static Attempt failure(Duration retryAfter) {
            return new Attempt(false, true, retryAfter);
        }
    }
}
