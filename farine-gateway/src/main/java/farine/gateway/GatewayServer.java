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

    private GatewayServer(HttpServers.Front server, String bind, Callers clients, Registry registry, PublishRoute publish) {
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
        HttpServers.Kind kind = HttpServers.kind();
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
            HttpServers.Front server = HttpServers.start(kind, settings, routes);
            GatewayServer gateway = new GatewayServer(server, settings.bind(), clients, registry, publish);
            LOG.info("farine gateway listening on {} (bind {}; {}; max_body {} bytes; {})", gateway.uri, settings.bind(), access.open()
                    ? "no token configured: every route open, on this machine only"
                    : settings.tokens().size() + " tokens: " + settings.tokens(), settings.maxBody(), kind.name().toLowerCase(java.util.Locale.ROOT));
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

    @Override
    public void close() {
        server.stop();
        publish.close();
        registry.close();
        clients.close();
    }
}
