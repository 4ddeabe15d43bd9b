package farine.amqp.internal.topology;

import farine.amqp.spi.QueueArguments;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import farine.ConfigException;
import farine.ConfigSection;
import farine.FarineException;
import farine.amqp.ExchangeType;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How exchanges and queues are declared (PROTOCOL.md §1): durable, not auto-delete, not exclusive, no
 * arguments, unless the section says otherwise. Quorum queues ({@code queue_type = quorum}) are opt-in
 * because their arguments make the queue incompatible with a plain declaration.
 */
public record Topology(boolean autoDeclare, boolean durable, boolean autoDelete, boolean exclusive, QueueArguments arguments, String section) {

    static final String TYPE = "type";
    static final String DURABLE = "durable";
    static final String AUTO_DELETE = "auto_delete";
    static final String AUTO_DECLARE = "auto_declare";
    static final String EXCLUSIVE = "exclusive";
    // names: per method or publisher parameter (`<name>.exchange`), else for the whole section, else the annotation
    public static final String EXCHANGE = "exchange";
    public static final String ROUTING_KEY = "routing_key";
    public static final String QUEUE = "queue";
    public static final Set<String> KEYS = Set.of(TYPE, DURABLE, AUTO_DELETE, AUTO_DECLARE, EXCLUSIVE, EXCHANGE, ROUTING_KEY, QUEUE);

    public static Topology from(ConfigSection config) {
        QueueArguments arguments = QueueArguments.from(config);
        boolean exclusive = config.bool(EXCLUSIVE, false);
        boolean autoDelete = config.bool(AUTO_DELETE, false);
        boolean durable = config.bool(DURABLE, true);
        if (arguments.quorum() && (exclusive || autoDelete || !durable)) {
            throw new ConfigException("[" + config.name() + "] queue_type = quorum needs durable = true, exclusive = false, auto_delete = false");
        }
        return new Topology(config.bool(AUTO_DECLARE, true), durable, autoDelete, exclusive, arguments, config.name());
    }

    /** INI {@code key} if set and not blank, else the annotation's value if not empty, else {@code fallback}. */
    public static String name(ConfigSection config, String key, String annotated, String fallback) {
        return config.get(key).map(String::strip).filter(v -> !v.isEmpty())
                .orElse(annotated.isEmpty() ? fallback : annotated);
    }

    /** INI {@code type} if set, else what the annotation says. */
    public static ExchangeType exchangeType(ConfigSection config, ExchangeType annotated) {
        return config.get(TYPE).map(String::strip).map(t -> {
            try {
                return ExchangeType.valueOf(t.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("[" + config.name() + "] " + TYPE + " = \"" + t + "\": expected direct, topic, fanout or headers", e);
            }
        }).orElse(annotated);
    }

    public void declareExchange(Channel channel, String name, ExchangeType type) {
        if (!autoDeclare || name.isEmpty()) {
            return; // the default exchange always exists and cannot be declared
        }
        try {
            channel.exchangeDeclare(name, type.wireName(), durable, autoDelete, false, null);
        } catch (IOException | RuntimeException e) {
            throw failure("exchange '" + name + "' (" + type.wireName() + ", durable=" + durable + ", auto_delete=" + autoDelete + ")", e);
        }
    }

    /** The queue a consumer's dead letters go to: {@code <queue>.dead}. */
    public static String deadLetterQueue(String queue) {
        return queue + ".dead";
    }

    /** Declares the consumer's queue and binds it. */
    public void declareQueue(Channel channel, String queue, String exchange, String routingKey, Map<String, Object> bindArgs, int retries) {
        if (!autoDeclare) {
            return;
        }
        Map<String, Object> args = arguments.toMap();
        if (quorum()) {
            // our own handling dead-letters after `retries`; the broker's limit catches a message that
            // crashes the process on every delivery, and sends it to the same .dead queue
            args.put("x-delivery-limit", retries + 1);
            args.put("x-dead-letter-exchange", "");
            args.put("x-dead-letter-routing-key", Topology.deadLetterQueue(queue));
        }
        try {
            channel.queueDeclare(queue, durable, exclusive, autoDelete, args);
            if (!exchange.isEmpty()) {
                channel.queueBind(queue, exchange, routingKey, bindArgs);
            }
        } catch (IOException | RuntimeException e) {
            throw failure("queue '" + queue + "' (durable=" + durable + ", exclusive=" + exclusive + ", auto_delete=" + autoDelete
                    + arguments.describe() + ") bound to '" + exchange + "' with '" + routingKey + "'", e);
        }
    }

    /** Whether the section's queues are quorum queues ({@code queue_type = quorum}). */
    public boolean quorum() {
        return arguments.quorum();
    }

    /**
     * The dead-letter queue: durable, no arguments so that anything can read it; a quorum queue when the
     * section's queues are (replicated like them), never single-active (anyone may drain it).
     */
    public void declareDeadQueue(Channel channel, String queue) {
        if (!autoDeclare) {
            return;
        }
        try {
            channel.queueDeclare(Topology.deadLetterQueue(queue), true, false, false, quorum() ? Map.of("x-queue-type", "quorum") : null);
        } catch (IOException | RuntimeException e) {
            throw failure("queue '" + Topology.deadLetterQueue(queue) + "'", e);
        }
    }

    private FarineException failure(String what, Exception e) {
        String reason = reason(e);
        // RabbitMQ says 406 PRECONDITION_FAILED; the embedded broker (Qpid) 530 "Attempt to redeclare exchange"
        String hint = reason.contains("PRECONDITION_FAILED") || reason.contains("Attempt to redeclare")
                ? "; it exists with other settings: make [" + section + "] type/durable/auto_delete/exclusive/queue_type match it, or delete it"
                : reason.contains("Unsupported queue declare argument")
                ? "; the embedded development broker (Apache Qpid) does not support queue arguments, so not queue_type = quorum:"
                        + " use RabbitMQ (amqp_uri = amqp://user:password@host:5672/) or queue_type = classic"
                : "";
        return new FarineException("[" + section + "] cannot declare " + what + ": " + reason + hint, e);
    }

    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException s) {
                return s.getReason() instanceof com.rabbitmq.client.AMQP.Channel.Close close ? close.getReplyText() : s.getMessage();
            }
        }
        return e.toString();
    }
}
