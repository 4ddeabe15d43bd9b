package farine.gateway;

import com.sun.net.httpserver.HttpServer;
import farine.Config;
import farine.FarineException;
import farine.registry.Registry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway on the JDK's HTTP server: HTTP/1.1 with keep-alive and chunked streaming, each exchange on a
 * virtual thread of its own; one {@code RpcClients} (one connection pair, one reply queue; a second one, which forwards
 * the services' tokens, only when some token has {@code private = true}: {@link Callers}) and one
 * {@link Registry} reader behind every route.
 */
final class GatewayServer implements Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    // the registry's snake_case keys (docs/registry.md); results are JSON trees, which no naming strategy touches
    static final JsonMapper JSON = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Callers clients;
    private final Registry registry;
    private final PublishRoute publish;
    private final URI uri;

    private GatewayServer(HttpServer server, ExecutorService executor, Callers clients, Registry registry, PublishRoute publish) {
        this.publish = publish;
        this.server = server;
        this.executor = executor;
        this.clients = clients;
        this.registry = registry;
        InetSocketAddress at = server.getAddress();
        // on every interface: the loopback one is the address this machine surely reaches
        String host = at.getAddress().isAnyLocalAddress() ? "127.0.0.1" : at.getAddress().getHostAddress();
        this.uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + at.getPort() + "/");
    }

    static Gateway start(Config config) {
        GatewaySettings settings = GatewaySettings.read(config);
        Callers clients = Callers.connect(settings.amqpUri(), config, settings.tokens().stream().anyMatch(TokenRule::privateMethods));
        Registry registry = null;
        PublishRoute publish = null;
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            registry = Registry.connect(settings.amqpUri());
            HttpServer server = listen(settings);
            // another provider of com.sun.net.httpserver on the class path (Jetty's http-spi, measured in docs/gateway.md)
            // takes the executor as its whole thread pool, and only once started
            boolean jdkServer = server.getClass().getName().startsWith("sun.net.httpserver.");
            if (jdkServer) {
                server.setExecutor(executor);
            }
            Access access = new Access(settings.tokens());
            RpcRoute rpc = new RpcRoute(clients, registry, config, access, settings.maxBody(), JSON);
            Registry reader = registry;
            server.createContext(context(RpcRoute.PREFIX, jdkServer), rpc);
            publish = new PublishRoute(settings.amqpUri(), access, settings.maxBody(), JSON);
            server.createContext(context(PublishRoute.PREFIX, jdkServer), publish);
            server.createContext("/services", new GetRoute("/services", access, true, reader::snapshot, JSON));
            String version = version();
            server.createContext("/openapi.json", new GetRoute("/openapi.json", access, true,
                    () -> OpenApiDocument.create(reader.snapshot(), !access.open(), version), JSON));
            server.createContext("/health", new GetRoute("/health", access, false, () -> Map.of("status", "up", "pending_calls", clients.pending()), JSON));
            server.createContext("/", new ConsoleRoute(JSON));
            server.start();
            if (!jdkServer) {
                server.setExecutor(executor);
            }
            GatewayServer gateway = new GatewayServer(server, executor, clients, registry, publish);
            LOG.info("farine gateway listening on {} (bind {}; {}; max_body {} bytes)", gateway.uri, settings.bind(), access.open()
                    ? "no token configured: every route open, on this machine only"
                    : settings.tokens().size() + " tokens: " + settings.tokens(), settings.maxBody());
            return gateway;
        } catch (RuntimeException e) {
            executor.shutdownNow();
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

    /** A route's context path: Jetty's http-spi matches {@code /rpc} (and below), not {@code /rpc/}. */
    private static String context(String prefix, boolean jdkServer) {
        return jdkServer ? prefix : prefix.substring(0, prefix.length() - 1);
    }

    /** The JDK server's limit on reading a request's line and headers: a JVM-wide property, read when its first server starts. */
    static final String MAX_REQ_TIME = "sun.net.httpserver.maxReqTime";

    private static HttpServer listen(GatewaySettings settings) {
        String wanted = Long.toString(settings.readTimeout().toSeconds());
        String set = System.getProperty(MAX_REQ_TIME);
        if (set == null) {
            System.setProperty(MAX_REQ_TIME, wanted);
        } else if (!set.equals(wanted)) {
            LOG.warn("[gateway] read_timeout = {} s not applied: this JVM's HTTP servers already read requests with -D{}={} (one value per JVM)",
                    wanted, MAX_REQ_TIME, set);
        }
        try {
            return HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), 0);
        } catch (IOException e) {
            throw new FarineException("the gateway cannot listen on " + settings.bind() + ":" + settings.port() + ": " + e.getMessage()
                    + " ([gateway] port, bind)", e);
        }
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public void close() {
        try {
            server.stop(1);
        } catch (RuntimeException e) {
            LOG.debug("stopping the HTTP server", e);
        }
        executor.shutdownNow();
        publish.close();
        registry.close();
        clients.close();
    }
}
