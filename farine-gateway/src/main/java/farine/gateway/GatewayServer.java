package farine.gateway;

import farine.Config;
import farine.registry.Registry;
import farine.spi.JsonRules;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway on an HTTP server ({@link HttpServers}: HTTP/1.1 with keep-alive and chunked streaming, each request
 * on a virtual thread); one {@code RpcClients} (one connection pair, one reply queue; a second one, which forwards
 * the services' tokens, only when some token has {@code private = true}: {@link Callers}) and one
 * {@link Registry} reader behind every route.
 */
final class GatewayServer implements Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    // the registry's snake_case keys (docs/registry.md); results are JSON trees, which no naming strategy touches
    static final JsonMapper JSON = JsonRules.snakeCase();

    private final HttpServers.Front server;
    private final Callers clients;
    private final Registry registry;
    private final PublishRoute publish;
    private final URI uri;
    private final Requests requests;

    /** The requests being answered and those answered since the start, for the line the gateway logs when it stops. */
    private static final class Requests {
        final java.util.concurrent.atomic.AtomicInteger inProgress = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.LongAdder answered = new java.util.concurrent.atomic.LongAdder();

        Route counting(Route routes) {
            return exchange -> {
                inProgress.incrementAndGet();
                try {
                    routes.handle(exchange);
                } finally {
                    inProgress.decrementAndGet();
                    answered.increment();
                }
            };
        }
    }

    private GatewayServer(HttpServers.Front server, String bind, Callers clients, Registry registry, PublishRoute publish, Requests requests) {
        this.requests = requests;
        this.publish = publish;
        this.server = server;
        this.clients = clients;
        this.registry = registry;
        // on every interface: the loopback one is the address this machine surely reaches
        String host = bind.equals("0.0.0.0") || bind.equals("::") || bind.isEmpty() ? "127.0.0.1" : bind;
        this.uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port() + "/");
    }

    static Gateway start(Config config) {
        GatewaySettings settings = GatewaySettings.read(config);
        Callers clients = Callers.connect(settings.amqpUri(), config, settings.tokens().stream().anyMatch(TokenRule::privateMethods));
        Registry registry = null;
        PublishRoute publish = null;
        try {
            registry = Registry.connect(settings.amqpUri());
            Access access = new Access(settings.tokens());
            RpcRoute rpc = new RpcRoute(clients, registry, config, access, settings.maxBody(), settings.readTimeout(), JSON);
            publish = new PublishRoute(settings.amqpUri(), access, settings.maxBody(), settings.readTimeout(), JSON);
            Registry reader = registry;
            String version = version();
            Map<String, Route> documents = Map.of(
                    "/services", new GetRoute("/services", access, true, reader::snapshot, JSON),
                    "/openapi.json", new GetRoute("/openapi.json", access, true,
                            () -> OpenApiDocument.create(reader.snapshot(), !access.open(), version), JSON),
                    "/health", new GetRoute("/health", access, false, () -> Map.of("status", "up", "pending_calls", clients.pending()), JSON));
            ConsoleRoute console = new ConsoleRoute(JSON);
            PublishRoute publishing = publish;
            Route routes = exchange -> {
                String path = exchange.path();
                Route route = path.startsWith(RpcRoute.PREFIX) ? rpc
                        : path.startsWith(PublishRoute.PREFIX) ? publishing
                        : documents.getOrDefault(path, console);
                route.handle(exchange);
            };
            Requests requests = new Requests();
            HttpServers.Front server = HttpServers.start(settings, requests.counting(routes));
            GatewayServer gateway = new GatewayServer(server, settings.bind(), clients, registry, publish, requests);
            LOG.info("farine gateway listening on {} (bind {}; {}; max_body {} bytes)", gateway.uri, settings.bind(), access.open()
                    ? "no token configured: every route open, on this machine only"
                    : settings.tokens().size() + " tokens: " + settings.tokens(), settings.maxBody());
            return gateway;
        } catch (RuntimeException e) {
            if (publish != null) {
                publish.close();
            }
            if (registry != null) {
                registry.close();
            }
            clients.close();
            throw e;
        }
    }

    /** The project's version (version.properties, filtered by the build), for the OpenAPI document's info.version. */
    static String version() {
        try (java.io.InputStream in = GatewayServer.class.getResourceAsStream("version.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public URI uri() {
        return uri;
    }

    /**
     * Stops listening (Helidon waits at most a second for the requests in progress), then closes the broker connections
     * (calls still waiting fail), and says what it drained.
     */
    @Override
    public void close() {
        long started = System.nanoTime();
        int atStop = requests.inProgress.get();
        int pendingAtStop = clients.pending();
        server.stop();
        int cutOff = requests.inProgress.get(); // still running after the grace period: their connections are gone
        publish.close();
        registry.close();
        clients.close();
        LOG.info("farine gateway on {} stopped in {} ms: {} requests in progress at the stop ({} RPC calls waiting for replies), {} finished,"
                + " {} cut off; {} requests answered since the start", uri, (System.nanoTime() - started) / 1_000_000, atStop, pendingAtStop,
                Math.max(0, atStop - cutOff), cutOff, requests.answered.sum());
    }
}
