package farine.gateway;

import java.io.IOException;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * A read-only JSON document at one exact path ({@code /services}, {@code /openapi.json}, {@code /health}), for any
 * valid token when {@code authenticated}.
 */
final class GetRoute implements Route {

    private final String path;
    private final Access access;
    private final boolean authenticated;
    private final Supplier<Object> document;
    private final JsonMapper json;

    GetRoute(String path, Access access, boolean authenticated, Supplier<Object> document, JsonMapper json) {
        this.path = path;
        this.access = access;
        this.authenticated = authenticated;
        this.document = document;
        this.json = json;
    }

    @Override
    public void handle(Exchange exchange) throws IOException {
        try {
            if (!exchange.path().equals(path)) {
                throw new HttpError(404, "NotFound", "no such route: " + exchange.path());
            }
            if (!exchange.method().equals("GET")) {
                exchange.header("Allow", "GET");
                throw new HttpError(405, "MethodNotAllowed", "use GET " + path);
            }
            if (authenticated) {
                access.authenticate(exchange);
            }
            HttpReplies.json(exchange, 200, document.get(), json);
        } catch (HttpError e) {
            HttpReplies.error(exchange, e, json);
        }
    }
}
