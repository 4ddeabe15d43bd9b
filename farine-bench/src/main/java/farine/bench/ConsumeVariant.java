package farine.bench;

import com.rabbitmq.client.BuiltinExchangeType;

/** One consume row: the exchange type and the number of messages processed at once. */
record ConsumeVariant(String name, BuiltinExchangeType type, int concurrency, Metric metric) {

    static final int PREFETCH = 250;

    static final ConsumeVariant TOPIC = new ConsumeVariant("topic", BuiltinExchangeType.TOPIC, 1,
            Metric.of("consume.topic", "consume, topic exchange", "msgs/s", Target.ratioAtLeast(0.90)));
    static final ConsumeVariant DIRECT = new ConsumeVariant("direct", BuiltinExchangeType.DIRECT, 1,
            Metric.of("consume.direct", "consume, direct exchange", "msgs/s", Target.ratioAtLeast(0.90)));
    static final ConsumeVariant DIRECT_C8 = new ConsumeVariant("direct_c8", BuiltinExchangeType.DIRECT, 8,
            Metric.of("consume.direct.c8", "consume, direct, concurrency 8", "msgs/s", Target.ratioAtLeast(0.90)));
}
