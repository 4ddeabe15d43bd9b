package farine.gateway;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Reading bounded request bodies and writing JSON answers on the JDK server's exchanges. */
final class HttpReplies {

    static final String JSON = "application/json";

    private HttpReplies() {
    }

    /**
     * The body, at most {@code max} bytes: a larger declared or sent body is a 413 before more than {@code max + 1}
     * bytes are read (the connection is then closed instead of draining the rest).
     */
    static byte[] body(HttpExchange exchange, long max) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && parseLength(declared) > max) {
            throw tooLarge(declared + " bytes", max);
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                throw tooLarge("more than " + max + " bytes", max);
            }
            return body;
        }
    }

    static void json(HttpExchange exchange, int status, Object value, JsonMapper json) throws IOException {
        byte[] bytes = json.writeValueAsBytes(value);
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static Map<String, Object> errorBody(HttpError error) {
        return Map.of("error", errorObject(error.type(), error.getMessage(), error.service(), error.method()));
    }

    static Map<String, Object> errorObject(String type, String message, String service, String method) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("type", type);
        object.put("message", message);
        object.put("service", service);
        object.put("method", method);
        return object;
    }

    static void error(HttpExchange exchange, HttpError error, JsonMapper json) throws IOException {
        if (error.status() == 413) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        if (error.status() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"farine\"");
        }
        json(exchange, error.status(), errorBody(error), json);
    }

    private static long parseLength(String declared) {
        try {
            return Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            throw new HttpError(400, "BadRequest", "Content-Length '" + declared + "' is not a number");
        }
    }

    private static HttpError tooLarge(String size, long max) {
        return new HttpError(413, "PayloadTooLarge", "the body has " + size + ", over max_body = " + max + " bytes of [gateway]");
    }
}
