package farine.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /}: the web console, three static files from the jar (no build step). It reads {@code /services} and
 * calls {@code /rpc/...} from the browser, with the token the user types. Any other path is a JSON 404.
 */
final class ConsoleRoute implements Route {

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
    public void handle(Exchange exchange) throws IOException {
        String path = exchange.path();
        Asset asset = assets.get(path);
        if (asset == null) {
            HttpReplies.error(exchange, new HttpError(404, "NotFound", "no such route: " + path
                    + " (the console is at /, calls at POST /rpc/{service}/{method}, the API at /openapi.json)"), json);
            return;
        }
        if (!exchange.method().equals("GET")) {
            exchange.header("Allow", "GET");
            HttpReplies.error(exchange, new HttpError(405, "MethodNotAllowed", "use GET " + path), json);
            return;
        }
        exchange.header("Content-Security-Policy", "default-src 'self'");
        exchange.header("X-Content-Type-Options", "nosniff");
        exchange.respond(200, asset.type(), asset.body());
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
