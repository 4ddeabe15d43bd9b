package farine.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the broker sees of a service's farine connections, through {@code rabbitmqctl} on the tests' private vhost. */
final class BrokerConnections {

    private BrokerConnections() {
    }

    /** The pids of the vhost's connections {@code farine-<role> [<service>]}, by role ({@code consume}, {@code publish}, {@code serve}). */
    static Map<String, String> of(String service, String... roles) {
        Map<String, String> pids = new HashMap<>();
        for (List<String> row : Broker.VHOST.list("list_connections", "pid", "vhost", "client_properties")) {
            for (String role : roles) {
                if (row.get(1).equals(Broker.VHOST.name()) && row.get(2).contains("farine-" + role + " [" + service + "]")) {
                    assertThat(pids.put(role, row.getFirst())).as("two farine-%s connections", role).isNull();
                }
            }
        }
        return pids;
    }

    /** recv_oct of each connection: the bytes the broker has read from it, counted live by its reader. */
    static Map<String, Long> received(Map<String, String> pids) {
        Map<String, Long> bytes = new HashMap<>();
        for (List<String> row : Broker.VHOST.list("list_connections", "pid", "recv_oct")) {
            pids.forEach((role, pid) -> {
                if (row.getFirst().equals(pid)) {
                    bytes.put(role, Long.parseLong(row.get(1)));
                }
            });
        }
        return bytes;
    }
}
