package farine.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /}: the web console, three static files from the jar (no build step). It reads {@code /services} and
 * calls {@code /rpc/...} from the browser, with the token the user types. Any other path is a JSON 404.
 */
final class ConsoleRoute implements HttpHandler {

    private static final String FOLDER = "/farine/gateway/console/";

    private record Asset(byte[] body, String type) {
    }

    // only these are served, so no path can reach any other resource
    private final Map<String, Asset> assets = Map.of(
            "/", new Asset(read("index.html"), "text/html; charset=utf-8"),
            "/console/console.js", new Asset(read("console.js"), "text/javascript; charset=utf-8"),
            "/console/console.css", new Asset(read("console.css"), "text/css; charset=utf-8"));
    private final JsonMapper json;

    ConsoleRoute(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Asset asset = assets.get(path);
            if (asset == null) {
                HttpReplies.error(exchange, new HttpError(404, "NotFound", "no such route: " + path
                        + " (the console is at /, calls at POST /rpc/{service}/{method}, the API at /openapi.json)"), json);
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                HttpReplies.error(exchange, new HttpError(405, "MethodNotAllowed", "use GET " + path), json);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", asset.type());
            exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.sendResponseHeaders(200, asset.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(asset.body());
            }
        }
    }

    private static byte[] read(String file) {
        try (InputStream in = ConsoleRoute.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + FOLDER + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
