package farine.observe;

import farine.Config;
import farine.testing.TestVhost;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** The observe tests' broker (a private vhost for this test JVM), a free metrics port, and an HTTP client to read it. */
final class Broker {

    static final TestVhost VHOST = open();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Broker() {
    }

    private static TestVhost open() {
        TestVhost vhost = TestVhost.create("farine-observe-it");
        Runtime.getRuntime().addShutdownHook(new Thread(vhost::close, "farine-observe-it-vhost"));
        return vhost;
    }

    static String uri() {
        return VHOST.amqpUri();
    }

    /** {@code amqp_uri}, a short {@code shutdown_timeout} and {@code metrics_port} in {@code [DEFAULT]}, plus these sections. */
    static Config config(int metricsPort, Map<String, Map<String, String>> sections) {
        Map<String, Map<String, String>> all = new HashMap<>(sections);
        Map<String, String> defaults = new HashMap<>(sections.getOrDefault("DEFAULT", Map.of()));
        defaults.put("amqp_uri", uri());
        defaults.putIfAbsent("shutdown_timeout", "5s");
        if (metricsPort >= 0) {
            defaults.put("metrics_port", Integer.toString(metricsPort));
        }
        all.put("DEFAULT", defaults);
        return Config.of(all);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code GET /metrics}: the Prometheus text; an AssertionError unless it answers 200. */
    static String scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = get(port, "/metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /metrics answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /**
     * The value of the Prometheus sample {@code name} whose labels include every {@code label="value"} pair given
     * ({@code "service", "obsshop", "outcome", "ok"}), or 0 when there is none.
     */
    static double sample(String scrape, String name, String... labels) {
        outer:
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            for (int i = 0; i < labels.length; i += 2) {
                if (!line.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                    continue outer;
                }
            }
            return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return 0;
    }
}
