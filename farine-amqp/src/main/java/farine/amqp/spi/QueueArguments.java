package farine.amqp.spi;

import farine.ConfigException;
import farine.ConfigSection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The queue arguments a section asks for, for every queue farine declares to consume from (a
 * {@code @Consume} queue, its dead-letter queue, an RPC request queue): none by default (PROTOCOL.md §1:
 * a plain declaration, which Python farine's matches); {@code queue_type = quorum} makes them quorum
 * queues, replicated across the nodes of a cluster; {@code single_active = true} lets one consumer of all
 * the instances receive at a time ({@code x-single-active-consumer}), the others waiting as hot standbys,
 * for order across instances. A queue declared with other arguments than it has fails with 406
 * PRECONDITION_FAILED: the setting must be the same for every service using a queue.
 */
public record QueueArguments(boolean quorum, boolean singleActive) {

    public static final String QUEUE_TYPE = "queue_type";
    public static final String SINGLE_ACTIVE = "single_active";
    public static final Set<String> KEYS = Set.of(QUEUE_TYPE, SINGLE_ACTIVE);

    public static QueueArguments from(ConfigSection config) {
        String queueType = config.string(QUEUE_TYPE, "classic").strip().toLowerCase(Locale.ROOT);
        if (!queueType.equals("classic") && !queueType.equals("quorum")) {
            throw new ConfigException("[" + config.name() + "] " + QUEUE_TYPE + " = \"" + queueType + "\": expected classic or quorum");
        }
        return new QueueArguments(queueType.equals("quorum"), config.bool(SINGLE_ACTIVE, false));
    }

    /** The arguments of a queue farine consumes from, or null for none (a plain declaration). */
    public Map<String, Object> toMap() {
        if (!quorum && !singleActive) {
            return null;
        }
        Map<String, Object> args = new HashMap<>();
        if (quorum) {
            args.put("x-queue-type", "quorum");
        }
        if (singleActive) {
            args.put("x-single-active-consumer", true);
        }
        return args;
    }

    /** How the declaration reads in an error message: {@code ", quorum, single active"} or nothing. */
    public String describe() {
        return (quorum ? ", quorum" : "") + (singleActive ? ", single active consumer" : "");
    }
}
