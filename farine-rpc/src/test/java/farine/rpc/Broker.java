package farine.rpc;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import farine.Config;
import farine.Container;
import farine.testing.TestVhost;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The RPC tests' broker: one private vhost for this test JVM (deleted when it exits), so that the
 * tests' fixed service names cannot meet another build's services on the shared broker.
 */
final class Broker {

    static final TestVhost VHOST = open();

    private Broker() {
    }

    private static TestVhost open() {
        TestVhost vhost = TestVhost.create("farine-rpc-it");
        Runtime.getRuntime().addShutdownHook(new Thread(vhost::close, "farine-rpc-it-vhost"));
        return vhost;
    }

    static String uri() {
        return VHOST.amqpUri();
    }

    /** {@code amqp_uri} and a short {@code shutdown_timeout} in {@code [DEFAULT]}, plus these sections. */
    static Config config(Map<String, Map<String, String>> sections) {
        Map<String, Map<String, String>> all = new HashMap<>(sections);
        Map<String, String> defaults = new HashMap<>(sections.getOrDefault("DEFAULT", Map.of()));
        defaults.put("amqp_uri", uri());
        defaults.putIfAbsent("shutdown_timeout", "5s");
        all.put("DEFAULT", defaults);
        return Config.of(all);
    }

    static Container start(Config config, Class<?>... services) {
        Container container = Container.create(config, List.of(services));
        container.start();
        return container;
    }

    static Container start(Class<?>... services) {
        return start(config(Map.of()), services);
    }

    /** A plain RabbitMQ client connection, as a Python service or a test would have. */
    static Connection connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri());
        return factory.newConnection("rpc-test-raw");
    }
}
