package examples.ticker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A price feed for the test: a real Server-Sent Events server (the JDK's HTTP server) sending ticks
 * {@code 1..count} (id and price = the tick's number, symbols in turn), with heartbeat events and
 * comments between them. It ends each connection after {@code perConnection} ticks, as real feeds do
 * now and then, and resumes after the client's {@code Last-Event-ID}; the last connection stays open.
 */
final class PriceFeed implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<String> lastEventIds = new ArrayList<>();
    private final List<String> symbols;
    private final int count;
    private final int perConnection;

    private PriceFeed(List<String> symbols, int count, int perConnection) throws IOException {
        this.symbols = symbols;
        this.count = count;
        this.perConnection = perConnection;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/prices", this::serve);
        server.start();
    }

    static PriceFeed start(List<String> symbols, int count, int perConnection) throws IOException {
        return new PriceFeed(symbols, count, perConnection);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/prices";
    }

    String symbol(int tick) {
        return symbols.get((tick - 1) % symbols.size());
    }

    /** The {@code Last-Event-ID} each connection carried, {@code "-"} for none. */
    List<String> lastEventIds() {
        synchronized (lastEventIds) {
            return List.copyOf(lastEventIds);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String lastEventId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
            synchronized (lastEventIds) {
                lastEventIds.add(lastEventId == null ? "-" : lastEventId);
            }
            int from = lastEventId == null ? 1 : Integer.parseInt(lastEventId) + 1;
            int to = Math.min(from + perConnection - 1, count);
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (int tick = from; tick <= to; tick++) {
                StringBuilder text = new StringBuilder();
                if (tick % 10 == 0) {
                    text.append(": keep-alive\n\nevent: heartbeat\ndata: {}\n\n");
                }
                text.append("id: ").append(tick).append("\nevent: tick\ndata: {\"symbol\": \"").append(symbol(tick))
                        .append("\", \"price\": ").append(tick).append("}\n\n");
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            if (to == count) {
                closed.await(60, TimeUnit.SECONDS); // all sent: stay connected, silent, until the test ends
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
