package farine.registry.internal;

import farine.spi.JsonRules;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry's messages (docs/registry.md, an addition to PROTOCOL.md in farine's own name space): a topic
 * exchange {@code farine.registry}; an instance publishes {@code announce.<service>} at start and every
 * interval, {@code depart.<service>} when it stops; a reader publishes {@code query} with its queue as
 * {@code reply_to} and every instance answers there with an announcement. Bodies are JSON, snake_case.
 */
final class Wire {

    static final String EXCHANGE = "farine.registry";
    static final String QUERY = "query";
    static final String ANNOUNCE_TYPE = "farine.announce";
    static final String DEPART_TYPE = "farine.depart";
    static final String QUERY_TYPE = "farine.query";
    /** How many heartbeat intervals an instance may miss before readers drop it. */
    static final int MISSED_HEARTBEATS = 3;

    static final JsonMapper MAPPER = JsonRules.snakeCase();

    private Wire() {
    }

    static String announce(String service) {
        return "announce." + service;
    }

    static String depart(String service) {
        return "depart." + service;
    }

    /** The body of a departure. */
    record Departure(String service, String instance) {
    }
}
