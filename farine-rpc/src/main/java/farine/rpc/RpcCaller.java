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
