package farine.observe.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import farine.FarineException;
import farine.spi.JsonRules;
import farine.spi.ObservedContainer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JDK's HTTP server on {@code metrics_port}: {@code GET /metrics} (Prometheus text, when the registry is or holds
 * a Prometheus one), {@code GET /health/live} and {@code GET /health/ready} (200 or 503 with a JSON body saying
 * what is not ready). Requests run on virtual threads.
 */
final class HealthServer {

    private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);
    private static final JsonMapper JSON = JsonRules.MAPPER;

    private final HttpServer server;
    private final ExecutorService executor;

    private HealthServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static HealthServer start(int port, MeterRegistry registry, ObservedContainer container) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new FarineException("cannot serve metrics and health on port " + port + " (metrics_port): " + e.getMessage(), e);
        }
        PrometheusMeterRegistry prometheus = prometheus(registry);
        server.createContext("/metrics", exchange -> {
            if (prometheus == null) {
                send(exchange, 404, "text/plain; charset=utf-8", registry == null ? "no meters: the container was given no registry\n"
                        : "no Prometheus registry: the container was given a " + registry.getClass().getSimpleName() + "\n");
            } else {
                send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", prometheus.scrape());
            }
        });
        server.createContext("/health/live", exchange -> {
            boolean live = container.live();
            json(exchange, live ? 200 : 503, Map.of("status", live ? "UP" : "DOWN"));
        });
        server.createContext("/health/ready", exchange -> {
            List<String> notReady = container.notReady();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", notReady.isEmpty() ? "UP" : "DOWN");
            if (!notReady.isEmpty()) {
                body.put("notReady", notReady);
            }
            json(exchange, notReady.isEmpty() ? 200 : 503, body);
        });
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("farine-metrics-http").factory());
        server.setExecutor(executor);
        server.start();
        return new HealthServer(server, executor);
    }

    private static PrometheusMeterRegistry prometheus(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry p) {
            return p;
        }
        if (registry instanceof CompositeMeterRegistry composite) {
            for (MeterRegistry inner : composite.getRegistries()) {
                PrometheusMeterRegistry p = prometheus(inner);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    private static void json(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsString(body) + "\n");
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("{} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
            throw e;
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }
}
