package farine.gateway;

import farine.Config;
import java.net.URI;

/**
 * Every RPC method of the services on a broker over HTTP: {@code POST /rpc/{service}/{method}} with a JSON body,
 * streamed methods as Server-Sent Events or NDJSON, {@code GET /services} (the registry), {@code GET /openapi.json},
 * {@code GET /health} and a web console at {@code GET /} (docs/gateway.md). Calls go out through one farine RPC
 * client (one connection, one reply queue). Requests are handled on virtual threads; the object itself is
 * thread-safe. Close it to stop listening; calls in flight then fail.
 *
 * <pre>{@code
 * try (Gateway gateway = Gateway.start(Config.load(Path.of("etc/farine.ini")))) {
 *     System.out.println("gateway on " + gateway.uri());
 *     Thread.currentThread().join();
 * }
 * }</pre>
 */
public interface Gateway extends AutoCloseable {

    /** The INI section the gateway reads ({@code port}, {@code bind}, {@code max_body}, tokens; docs/gateway.md). */
    String SECTION = "gateway";

    /**
     * Connects to the broker of {@code [gateway] amqp_uri} (or {@code [DEFAULT]}), reads the registry and listens.
     *
     * @throws farine.ConfigException when a {@code [gateway]} value is invalid
     * @throws farine.FarineException when the broker cannot be reached or the port cannot be bound
     */
    static Gateway start(Config config) {
        return GatewayServer.start(config);
    }

    /** The port it listens on (the bound one when {@code port = 0}). */
    int port();

    /** Where it listens, e.g. {@code http://127.0.0.1:8080/}. */
    URI uri();

    /** Stops listening (waiting at most a second for exchanges in progress) and closes the broker connections. Never throws. */
    @Override
    void close();
}
