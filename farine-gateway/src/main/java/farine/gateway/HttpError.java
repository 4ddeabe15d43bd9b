package farine.gateway;

/**
 * A request answered with an error status and {@code {"error": {"type", "message", "service", "method"}}}
 * ({@code service} and {@code method} null when the route names none).
 */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String service;
    private final String method;

    HttpError(int status, String type, String message, String service, String method) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.service = service;
        this.method = method;
    }

    HttpError(int status, String type, String message) {
        this(status, type, message, null, null);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    String service() {
        return service;
    }

    String method() {
        return method;
    }
}
