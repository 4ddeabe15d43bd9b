package farine.spi;

import java.util.Map;

/**
 * What one worker is doing: which service and method, the correlation id of the call or message
 * when there is one (null otherwise), and entry-point data such as message headers. Immutable.
 */
public record WorkerContext(String service, String method, String correlationId, Map<String, Object> data) {

    /** The data key of the kind of work ({@link Observer#RPC}, {@link Observer#CONSUME}) when an entry point names it. */
    public static final String KIND = "kind";

    public WorkerContext {
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    public static WorkerContext of(String service, String method, String correlationId) {
        return new WorkerContext(service, method, correlationId, Map.of());
    }

    /** {@code service.method}, the form every log line and error message uses. */
    public String qualifiedName() {
        return service + "." + method;
    }
}
