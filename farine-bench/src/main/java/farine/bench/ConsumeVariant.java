package farine.bench;

import com.rabbitmq.client.BuiltinExchangeType;
import java.util.List;

/**
 * One consume row: the exchange type, the number of messages processed at once, and whether the queue is
 * filled with persistent messages. The rows with targets use transient messages (in a durable queue): the
 * broker's disk work is the same for both sides and only adds noise (per-round rates of one side spread
 * 10,000-25,000 msgs/s with persistent messages, 17,000-20,000 with transient ones, in the runs of
 * 2026-11-30). The persistent row shows that case, without a target.
 */
record ConsumeVariant(String name, BuiltinExchangeType type, int concurrency, boolean persistent, Metric metric) {

    static final int PREFETCH = 250;

    static final ConsumeVariant TOPIC = new ConsumeVariant("topic", BuiltinExchangeType.TOPIC, 1, false,
            Metric.of("consume.topic", "consume, topic exchange", "msgs/s", Target.ratioAtLeast(0.90)));
    static final ConsumeVariant DIRECT = new ConsumeVariant("direct", BuiltinExchangeType.DIRECT, 1, false,
            Metric.of("consume.direct", "consume, direct exchange", "msgs/s", Target.ratioAtLeast(0.90)));
    static final ConsumeVariant DIRECT_C8 = new ConsumeVariant("direct_c8", BuiltinExchangeType.DIRECT, 8, false,
            Metric.of("consume.direct.c8", "consume, direct, concurrency 8", "msgs/s", Target.ratioAtLeast(0.90)));
    static final ConsumeVariant DIRECT_PERSISTENT = new ConsumeVariant("direct_persistent", BuiltinExchangeType.DIRECT, 1, true,
            Metric.of("consume.direct.persistent", "consume, direct, persistent messages", "msgs/s"));

    static final List<ConsumeVariant> ALL = List.of(TOPIC, DIRECT, DIRECT_C8, DIRECT_PERSISTENT);
}
