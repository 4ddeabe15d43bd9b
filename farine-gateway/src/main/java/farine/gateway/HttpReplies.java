package farine.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Reading bounded request bodies and writing JSON answers on an {@link Exchange}. */
final class HttpReplies {

    static final String JSON = "application/json";

    private HttpReplies() {
    }

    /**
     * The body, at most {@code max} bytes: a larger declared or sent body is a 413 before more than {@code max + 1}
     * bytes are read (the connection is then closed instead of draining the rest). A body that takes longer than
     * {@code readTimeout} to arrive is a 408 and the connection is closed ({@link ReadDeadline}).
     */
    static byte[] body(Exchange exchange, long max, Duration readTimeout) throws IOException {
        String declared = exchange.header("Content-Length");
        long length = declared == null ? -1 : parseLength(declared);
        if (length > max) {
            throw tooLarge(declared + " bytes", max);
        }
        if (length == 0) {
            return new byte[0];
        }
        int limit = (int) Math.min(Integer.MAX_VALUE - 8, max + 1);
        byte[] body = new byte[length > 0 ? (int) Math.min(length + 1, limit) : Math.min(limit, 8192)];
        int n = 0;
        try (ReadDeadline deadline = new ReadDeadline(readTimeout); InputStream in = exchange.body()) {
            while (true) {
                if (n == body.length) {
                    if (n >= limit) {
                        break;
                    }
                    body = Arrays.copyOf(body, (int) Math.min(limit, (long) n * 2));
                }
                int read;
                try {
                    read = in.read(body, n, body.length - n);
                } catch (IOException | RuntimeException e) {
                    if (deadline.expired()) {
                        throw slow(readTimeout);
                    }
                    throw e;
                }
                if (read < 0) {
                    break;
                }
                n += read;
                if (deadline.expired()) {
                    throw slow(readTimeout);
                }
            }
        }
        if (n > max) {
            throw tooLarge("more than " + max + " bytes", max);
        }
        return n == body.length ? body : Arrays.copyOf(body, n);
    }

    static void json(Exchange exchange, int status, Object value, JsonMapper json) throws IOException {
        exchange.respond(status, JSON, json.writeValueAsBytes(value));
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

    static void error(Exchange exchange, HttpError error, JsonMapper json) throws IOException {
        if (error.status() == 413 || error.status() == 408) {
            exchange.header("Connection", "close");
        }
        if (error.status() == 401) {
            exchange.header("WWW-Authenticate", "Bearer realm=\"farine\"");
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

    private static HttpError slow(Duration readTimeout) {
        return new HttpError(408, "RequestTimeout", "the body did not arrive within read_timeout = " + readTimeout.toSeconds() + " s of [gateway]");
    }
}
