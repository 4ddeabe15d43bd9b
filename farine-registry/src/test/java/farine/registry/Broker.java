package farine.registry;

import farine.Config;
import farine.Container;
import farine.testing.TestVhost;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The registry tests' broker: one private vhost for this test JVM, deleted when it exits. */
final class Broker {

    static final TestVhost VHOST = open();

    private Broker() {
    }

    private static TestVhost open() {
        TestVhost vhost = TestVhost.create("farine-registry-it");
        Runtime.getRuntime().addShutdownHook(new Thread(vhost::close, "farine-registry-it-vhost"));
        return vhost;
    }

    static String uri() {
        return VHOST.amqpUri();
    }

    /** {@code amqp_uri} and a short {@code shutdown_timeout} in {@code [DEFAULT]}, plus these keys. */
    static Config config(Map<String, String> defaults) {
        Map<String, String> all = new HashMap<>(defaults);
        all.put("amqp_uri", uri());
        all.putIfAbsent("shutdown_timeout", "5s");
        return Config.of(Map.of("DEFAULT", all));
    }

    static Container start(Map<String, String> defaults, Class<?>... services) {
        Container container = Container.create(config(defaults), List.of(services));
        container.start();
        return container;
    }
}
