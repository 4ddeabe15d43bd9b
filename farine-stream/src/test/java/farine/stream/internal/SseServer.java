package farine.stream.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real Server-Sent Events server for tests (the JDK's HTTP server), answering each connection with a
 * {@link Responder}; every connection is recorded with the {@code Last-Event-ID} it carried.
 */
final class SseServer implements AutoCloseable {

    /** Answers one connection; returning closes it (the client then sees the end of the stream). */
    @FunctionalInterface
    interface Responder {
        void respond(Connection connection) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Connection> connections = new ArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private SseServer(int port, Responder responder) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            Connection connection;
            synchronized (connections) {
                connection = new Connection(exchange, connections.size() + 1);
                connections.add(connection);
            }
            try (exchange) {
                responder.respond(connection);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                connection.gone.countDown(); // the client went away while we wrote
            }
        });
        server.start();
    }

    static SseServer start(Responder responder) throws IOException {
        return new SseServer(0, responder);
    }

    /** On a given port, e.g. one a listener has been failing to connect to. */
    static SseServer start(int port, Responder responder) throws IOException {
        return new SseServer(port, responder);
    }

    /** The stream's URL. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
    }

    URI uri() {
        return URI.create(url());
    }

    List<Connection> connections() {
        synchronized (connections) {
            return List.copyOf(connections);
        }
    }

    int connectionCount() {
        return connections().size();
    }

    /** The {@code Last-Event-ID} of each connection, in order; {@code "-"} for none. */
    List<String> lastEventIds() {
        return connections().stream().map(c -> c.lastEventId() == null ? "-" : c.lastEventId()).toList();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /** One client connection. */
    final class Connection {
        private final HttpExchange exchange;
        private final int number;
        private final CountDownLatch gone = new CountDownLatch(1);
        private final long openedNanos = System.nanoTime();
        private OutputStream out;

        Connection(HttpExchange exchange, int number) {
            this.exchange = exchange;
            this.number = number;
        }

        /** 1 for the first connection. */
        int number() {
            return number;
        }

        long openedNanos() {
            return openedNanos;
        }

        String lastEventId() {
            return exchange.getRequestHeaders().getFirst("Last-Event-ID");
        }

        String header(String name) {
            return exchange.getRequestHeaders().getFirst(name);
        }

        /** Sends 200 with {@code text/event-stream}; the body then streams (chunked). */
        Connection open() throws IOException {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            out = exchange.getResponseBody();
            return this;
        }

        /** Writes raw event-stream text and flushes it. */
        Connection send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return this;
        }

        /** Writes the text's UTF-8 bytes one at a time, flushing each: lines, CRLFs and characters split everywhere. */
        Connection trickle(String text) throws IOException {
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                out.write(b);
                out.flush();
            }
            return this;
        }

        /** Answers with a status and a short body, then the connection ends. */
        void status(int code, String body, String... headerPairs) throws IOException {
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                exchange.getResponseHeaders().add(headerPairs[i], headerPairs[i + 1]);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }

        /** Keeps the connection open and silent until the server closes (or the bound passes). */
        void hold() throws InterruptedException {
            closed.await(60, TimeUnit.SECONDS);
        }

        /**
         * Keeps the connection open, probing with comments, until the client closes it; true if it did
         * within the bound.
         */
        boolean awaitClientGone(Duration bound) throws InterruptedException {
            long deadline = System.nanoTime() + bound.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    send(":\n");
                } catch (IOException e) {
                    gone.countDown();
                    return true;
                }
                if (gone.await(20, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return false;
        }
    }
}
