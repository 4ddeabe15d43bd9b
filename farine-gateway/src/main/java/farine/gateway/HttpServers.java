package farine.gateway;

import farine.FarineException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP server, Helidon SE's WebServer (docs/gateway.md, "Why this server"), driving the {@link Route}s
 * through an {@link Exchange}: a virtual thread per connection reads its requests and runs the route.
 */
final class HttpServers {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServers.class);

    /** A started server. */
    interface Front {
        int port();

        /** Stops listening, waiting at most a second for exchanges in progress. */
        void stop();
    }

    private HttpServers() {
    }

    static Front start(GatewaySettings settings, Route routes) {
        try {
            return helidon(settings, routes);
        } catch (UncheckedIOException e) {
            throw cannotListen(settings, e);
        } catch (RuntimeException e) {
            if (e instanceof FarineException) {
                throw e;
            }
            throw cannotListen(settings, e);
        }
    }

    private static FarineException cannotListen(GatewaySettings settings, Exception e) {
        return new FarineException("the gateway cannot listen on " + settings.bind() + ":" + settings.port() + ": " + e.getMessage()
                + " ([gateway] port, bind)", e);
    }

    /**
     * A route's failure that is not an answer (a bug): a 500 when nothing was sent yet, else the connection ends. A
     * connection that is gone (the client hung up, or read_timeout closed it: Helidon's writes then throw unchecked) is
     * no bug: no 500 is tried on it and nothing is logged above DEBUG (a slow client could otherwise fill the log).
     */
    static void handle(Route routes, Exchange exchange) throws IOException {
        try {
            routes.handle(exchange);
        } catch (UncheckedIOException | io.helidon.webserver.CloseConnectionException e) {
            LOG.debug("the connection of {} {} is gone: {}", exchange.method(), exchange.path(), e.toString());
            throw e; // Helidon closes the connection without a word
        } catch (RuntimeException e) {
            LOG.warn("the gateway failed on {} {}", exchange.method(), exchange.path(), e);
            exchange.header("Connection", "close");
            HttpReplies.error(exchange, new HttpError(500, "InternalError", "the gateway failed: " + e), GatewayServer.JSON);
        }
    }

    // Helidon logs through java.util.logging: its INFO lines at every start and stop are not the gateway's to show
    private static final java.util.logging.Logger HELIDON_LOG = java.util.logging.Logger.getLogger("io.helidon");

    private static Front helidon(GatewaySettings settings, Route routes) {
        if (HELIDON_LOG.getLevel() == null) {
            HELIDON_LOG.setLevel(java.util.logging.Level.WARNING);
        }
        // an answer after this long says Connection: close, as Helidon's idle timer (keep_alive, in whole seconds, looked
        // at every second) may have ended the connection's keep-alive meanwhile
        long closeAfter = Math.max(0, settings.keepAlive().minusSeconds(2).toNanos());
        WebServer server = WebServer.builder()
                .host(settings.bind())
                .port(settings.port())
                .shutdownGracePeriod(java.time.Duration.ofSeconds(1))
                // a connection that has not sent a request line within keep_alive of its last request (or of its start) is
                // closed, checked every second. Helidon's timer also ends the keep-alive of a connection whose request lasted
                // longer than that (it counts from the request's start): such an answer says Connection: close (HelidonExchange)
                .idleConnectionTimeout(settings.keepAlive())
                .idleConnectionPeriod(java.time.Duration.ofSeconds(1))
                .connectionOptions(o -> o.tcpNoDelay(true))
                // read_timeout from a request line to the end of its headers (HeadDeadline)
                .addProtocol(io.helidon.webserver.http1.Http1Config.builder().addReceiveListener(new HeadDeadline(settings.readTimeout())).build())
                .routing(r -> r.any((req, res) -> {
                    HeadDeadline.end();
                    handle(routes, new HelidonExchange(req, res, System.nanoTime() + closeAfter));
                }))
                .build()
                .start();
        return new Front() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public void stop() {
                server.stop();
            }
        };
    }

    /**
     * {@code read_timeout} from a request line to the end of its headers on Helidon (the wait for the line itself is
     * {@code keep_alive}'s, Helidon's idle-connection timer: Helidon reports no earlier event than the whole line):
     * started when the line was read, on the connection's thread, ended when the headers were. A read blocked beyond
     * it is interrupted ({@link ReadDeadline}), which closes the connection.
     */
    private static final class HeadDeadline implements io.helidon.webserver.http1.Http1ConnectionListener {
        private static final ThreadLocal<ReadDeadline> READING = new ThreadLocal<>();
        private final java.time.Duration timeout;

        HeadDeadline(java.time.Duration timeout) {
            this.timeout = timeout;
        }

        @Override
        public void prologue(io.helidon.webserver.ConnectionContext context, io.helidon.http.HttpPrologue prologue) {
            end();
            READING.set(new ReadDeadline(timeout));
        }

        @Override
        public void headers(io.helidon.webserver.ConnectionContext context, io.helidon.http.Headers headers) {
            end();
        }

        static void end() {
            ReadDeadline reading = READING.get();
            if (reading != null) {
                READING.remove();
                reading.close();
            }
        }
    }

    // the headers the routes read, named once
    private static final java.util.Map<String, io.helidon.http.HeaderName> HEADERS = java.util.Map.of(
            "Authorization", io.helidon.http.HeaderNames.AUTHORIZATION,
            "Content-Length", io.helidon.http.HeaderNames.CONTENT_LENGTH,
            "Accept", io.helidon.http.HeaderNames.ACCEPT,
            RpcRoute.TIMEOUT_HEADER, io.helidon.http.HeaderNames.create(RpcRoute.TIMEOUT_HEADER));

    private static final io.helidon.http.Header CLOSE = io.helidon.http.HeaderValues.CONNECTION_CLOSE;
    private static final io.helidon.http.Header JSON_TYPE = io.helidon.http.HeaderValues.createCached(
            io.helidon.http.HeaderNames.CONTENT_TYPE, HttpReplies.JSON);

    /** {@code closeAt}: System.nanoTime() after which an answer closes the connection (see {@link #helidon}). */
    private record HelidonExchange(ServerRequest request, ServerResponse response, long closeAt) implements Exchange {
        @Override
        public String method() {
            return request.prologue().method().text();
        }

        @Override
        public String path() {
            return request.path().path();
        }

        @Override
        public String header(String name) {
            io.helidon.http.HeaderName known = HEADERS.get(name);
            return request.headers().first(known != null ? known : io.helidon.http.HeaderNames.create(name)).orElse(null);
        }

        @Override
        public void header(String name, String value) {
            response.header(name, value);
        }

        @Override
        public InputStream body() {
            return request.content().inputStream();
        }

        @Override
        public void respond(int status, String contentType, byte[] body) {
            if (System.nanoTime() - closeAt > 0) {
                response.header(CLOSE);
            }
            response.status(status);
            response.header(HttpReplies.JSON.equals(contentType) ? JSON_TYPE
                    : io.helidon.http.HeaderValues.create(io.helidon.http.HeaderNames.CONTENT_TYPE, contentType));
            response.send(body);
        }

        @Override
        public OutputStream stream(int status, String contentType) {
            response.status(status);
            response.header("Content-Type", contentType);
            return new Unchecked(response.outputStream());
        }
    }

    /** A server's output stream whose failures (the client gone) are IOExceptions, as the JDK's are. */
    private static final class Unchecked extends FilterOutputStream {
        Unchecked(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (RuntimeException e) {
                throw new IOException(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (RuntimeException e) {
                throw new IOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (RuntimeException e) {
                throw new IOException(e);
            }
        }
    }
}
