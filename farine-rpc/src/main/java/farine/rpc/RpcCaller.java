package farine.rpc;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Calls the methods of one remote service by name, for code without an interface. Arguments are sent
 * positionally; results come back as Jackson maps them to plain Java ({@code Map}, {@code List},
 * {@code String}, {@code Integer}, {@code Boolean}, {@code null}) unless a type is given.
 * Thread-safe: share one instance.
 *
 * <pre>{@code
 * RpcCaller greeting = clients.caller("greeting");
 * String hi = greeting.call(String.class, "hello", "Ada");
 * greeting.stream("squares", 3).forEach(System.out::println);
 * }</pre>
 *
 * @throws RemoteException (from each call) when the remote method failed
 * @throws RpcTimeoutException when no reply arrived within the timeout
 */
public interface RpcCaller {

    /** The remote service. */
    String service();

    /** Calls {@code method} and blocks for its result. */
    Object call(String method, Object... args);

    /** Calls {@code method} and converts its result to {@code type}. */
    <T> T call(Class<T> type, String method, Object... args);

    /**
     * Calls {@code method} with positional {@code args} and keyword arguments {@code kwargs} (bound by parameter
     * name: what a Python method's keyword-only or {@code **kwargs} parameters need), and converts its result to
     * {@code type} ({@code Object.class} for plain Java values).
     *
     * <pre>{@code
     * String text = report.call(String.class, "render", List.of("q3"), Map.of("fmt", "pdf"));
     * }</pre>
     */
    <T> T call(Class<T> type, String method, List<?> args, Map<String, ?> kwargs);

    /**
     * Calls {@code method} with arguments that are JSON already and returns its result as JSON, for code that passes
     * JSON through (farine's HTTP gateway): nothing is converted to Java objects and back. {@code args} is a JSON
     * array and {@code kwargs} a JSON object or null (UTF-8), sent as they are: the caller checks that they are
     * well-formed JSON of those kinds (a malformed request fails at the server, as any undecodable request does). The
     * result is the value the service replied with, as the JSON bytes it sent ({@code null} for a method that returns
     * nothing). Fails as {@link #call(String, Object...)} does.
     *
     * <pre>{@code
     * byte[] hi = greeting.callJson("hello", "[\"Ada\"]".getBytes(UTF_8), null); // "Hello, Ada!" with its quotes
     * }</pre>
     *
     * <p>The default converts through {@link #call(Class, String, List, Map)}; farine's own callers send the bytes as
     * they are and take the reply's value without reading it into a tree.
     */
    default byte[] callJson(String method, byte[] args, byte[] kwargs) {
        tools.jackson.databind.json.JsonMapper json = farine.spi.JsonRules.MAPPER;
        List<Object> positional = json.readValue(args, json.getTypeFactory().constructCollectionType(List.class, tools.jackson.databind.JsonNode.class));
        Map<String, Object> named = kwargs == null ? Map.of()
                : json.readValue(kwargs, json.getTypeFactory().constructMapType(Map.class, String.class, tools.jackson.databind.JsonNode.class));
        return json.writeValueAsBytes(call(tools.jackson.databind.JsonNode.class, method, positional, named));
    }

    /**
     * Calls {@code method} and yields each reply item as it arrives, until the server's end frame.
     * Close the stream (try-with-resources) to stop early; that forgets the call and cancels it at a farine
     * server, which stops producing (PROTOCOL.md §7; a Python server runs on to its end).
     */
    Stream<Object> stream(String method, Object... args);

    /** Calls {@code method} without blocking; the future completes on a virtual thread, never on the connection's thread. */
    CompletableFuture<Object> callAsync(String method, Object... args);

    /** A caller for the same service with another total deadline per call. */
    RpcCaller withTimeout(Duration timeout);
}
