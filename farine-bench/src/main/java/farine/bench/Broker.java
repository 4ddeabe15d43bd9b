package farine.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The broker under test: opens plain client connections and remembers every exchange and queue a
 * benchmark declares so that {@link #cleanUp()} deletes them (the broker is shared with other
 * people's tests; names carry a random suffix).
 */
final class Broker implements AutoCloseable {

    private final URI uri;
    private final Set<String> exchanges = new LinkedHashSet<>();
    private final Set<String> queues = new LinkedHashSet<>();
    private final List<Connection> connections = new ArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    Broker(URI uri) {
        if (!"127.0.0.1".equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
            throw new IllegalArgumentException("farine-bench only runs against a local broker (127.0.0.1), not " + uri.getHost());
        }
        this.uri = uri;
    }

    URI uri() {
        return uri;
    }

    /** A name unique to this run, e.g. {@code bench_rpc_3f2a9c1b_1}. */
    String unique(String what) {
        return "bench_" + what + "_" + runId + "_" + sequence.incrementAndGet();
    }

    ConnectionFactory factory() {
        try {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(uri);
            // the benchmark measures steady state; recovery would only hide a broken run
            factory.setAutomaticRecoveryEnabled(false);
            return factory;
        } catch (Exception e) {
            throw new IllegalArgumentException("bad AMQP URI " + uri + ": " + e.getMessage(), e);
        }
    }

    /** A connection closed by {@link #close()}; {@code name} shows in {@code rabbitmqctl list_connections}. */
    Connection connect(String name) {
        try {
            Connection connection = factory().newConnection("farine-bench " + name + " " + runId);
            synchronized (this) {
                connections.add(connection);
            }
            return connection;
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("cannot connect to " + uri.getHost() + ":" + uri.getPort() + ": " + e, e);
        }
    }

    synchronized void exchangeDeclared(String exchange) {
        exchanges.add(exchange);
    }

    synchronized void queueDeclared(String queue) {
        queues.add(queue);
    }

    /** Deletes every exchange and queue declared through this broker; missing ones are fine. */
    synchronized void cleanUp() {
        if (exchanges.isEmpty() && queues.isEmpty()) {
            return;
        }
        try (Connection connection = factory().newConnection("farine-bench cleanup " + runId)) {
            for (String queue : queues) {
                try (Channel channel = connection.createChannel()) {
                    channel.queueDelete(queue);
                }
            }
            for (String exchange : exchanges) {
                try (Channel channel = connection.createChannel()) {
                    channel.exchangeDelete(exchange);
                }
            }
            queues.clear();
            exchanges.clear();
        } catch (IOException | TimeoutException e) {
            throw new UncheckedIOException(new IOException("cleaning up " + queues + " " + exchanges + ": " + e, e));
        }
    }

    @Override
    public void close() {
        List<Connection> open;
        synchronized (this) {
            open = new ArrayList<>(connections);
            connections.clear();
        }
        for (Connection connection : open) {
            connection.abort(2000);
        }
        cleanUp();
    }
}
