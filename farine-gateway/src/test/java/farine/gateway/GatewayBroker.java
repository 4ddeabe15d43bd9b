package farine.gateway;

import farine.Config;
import farine.Container;
import farine.testing.TestVhost;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The gateway tests' broker: one private vhost for this test JVM, deleted when it exits. */
final class GatewayBroker {

    static final TestVhost VHOST = open();
    static final String KITCHEN_TOKEN = "kitchen-token-0123456789";

    private GatewayBroker() {
    }

    private static TestVhost open() {
        TestVhost vhost = TestVhost.create("farine-gateway-it");
        Runtime.getRuntime().addShutdownHook(new Thread(vhost::close, "farine-gateway-it-vhost"));
        return vhost;
    }

    /** The services' and the gateway's configuration: this vhost, the kitchen's token, plus {@code sections}. */
    static Config config(Map<String, Map<String, String>> sections) {
        Map<String, Map<String, String>> all = new HashMap<>();
        all.put("DEFAULT", Map.of("amqp_uri", VHOST.amqpUri(), "shutdown_timeout", "5s"));
        all.put("gw_kitchen", Map.of("rpc_token", KITCHEN_TOKEN));
        all.put("gateway", Map.of("port", "0"));
        all.putAll(sections);
        return Config.of(all);
    }

    static Container kitchen() {
        Container container = Container.create(config(Map.of()), List.of(Kitchen.class));
        container.start();
        return container;
    }
}
