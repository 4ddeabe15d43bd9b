package farine.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Consume and publish throughput. Consume: the queue is filled first (100-byte JSON messages,
 * transient or persistent as the {@link ConsumeVariant} says), then the side's consumer drains it; the rate runs from the first message processed to
 * the last, so consumer start-up does not count. Publish: persistent messages with confirms, at
 * most {@code window} unconfirmed, until every one is confirmed.
 */
final class ConsumeBench {

    static final Metric PUBLISH_RATE = Metric.of("publish.confirms", "publish, persistent, confirms", "msgs/s", Target.ratioAtLeast(0.90));
    static final Metric PUBLISH_CPU = Metric.of("publish.cpu", "CPU per message published", "us");
    static final Metric PUBLISH_TRANSIENT_RATE = Metric.of("publish.transient", "publish, transient, no confirms (confirm = false)", "msgs/s",
            Target.ratioAtLeast(0.90));
    static final Metric PUBLISH_TRANSIENT_CPU = Metric.of("publish.transient.cpu", "CPU per transient message published", "us");
    static final Metric CONSUME_CPU = Metric.of("consume.cpu", "CPU per message consumed, direct", "us");

    private final Broker broker;
    private final Channel admin;
    private final Wire wire;

    ConsumeBench(Broker broker, Connection connection, Wire wire) {
        this.broker = broker;
        this.wire = wire;
        try {
            this.admin = connection.createChannel();
            admin.confirmSelect();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void consume(BenchSide side, ConsumeVariant variant, int messages, Results results) throws Exception {
        BenchSide.Topology topology = side.consumeTopology(variant);
        declare(topology, variant.type());
        byte[] body = wire.request(wire.text());
        AMQP.BasicProperties properties = Wire.properties().deliveryMode(variant.persistent() ? 2 : 1).build();
        for (int i = 0; i < messages; i++) {
            admin.basicPublish(topology.exchange(), topology.queue(), properties, body);
            if (i % 1000 == 999) {
                admin.waitForConfirmsOrDie(30_000);
            }
        }
        admin.waitForConfirmsOrDie(30_000);
        Probe probe = new Probe();
        double cpuPerMessage;
        try (AutoCloseable consumer = side.consume(variant, probe)) {
            long cpu = Cpu.nanos(); // after the consumer's start-up and before its stop: neither is per message
            probe.await(messages, Duration.ofSeconds(120), side.side().label() + " consume " + variant.name());
            cpuPerMessage = Cpu.microsPer(cpu, messages);
        }
        results.add(variant.metric(), side.side(), probe.rate());
        if (variant == ConsumeVariant.DIRECT) {
            results.add(CONSUME_CPU, side.side(), cpuPerMessage);
        }
    }

    void publish(BenchSide side, int messages, int window, Results results) throws Exception {
        BenchSide.Topology topology = side.publishTopology();
        declare(topology, BuiltinExchangeType.DIRECT);
        Semaphore inFlight = new Semaphore(window);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Map<String, Object> body = Map.of("id", 0, "text", wire.text().substring(20));
        long cpu = Cpu.nanos();
        long start = System.nanoTime();
        for (int i = 0; i < messages && failure.get() == null; i++) {
            if (!inFlight.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new TimeoutException(side.side().label() + " publish: no confirm for 30 s with " + window + " outstanding");
            }
            side.publisher().publish(body).whenComplete((ok, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                inFlight.release();
            });
        }
        if (!inFlight.tryAcquire(window, 60, TimeUnit.SECONDS)) {
            throw new TimeoutException(side.side().label() + " publish: confirms still missing after 60 s");
        }
        long elapsed = System.nanoTime() - start;
        double cpuPerMessage = Cpu.microsPer(cpu, messages);
        if (failure.get() != null) {
            throw new IllegalStateException(side.side().label() + " publish failed: " + failure.get(), failure.get());
        }
        admin.queuePurge(topology.queue());
        results.add(PUBLISH_RATE, side.side(), messages / (elapsed / 1e9));
        results.add(PUBLISH_CPU, side.side(), cpuPerMessage);
    }

    /**
     * Fire and forget: {@code messages} transient messages without confirms, timed until the broker has every one
     * of them in the queue (a publisher that only writes to its socket would otherwise time its buffers).
     */
    void publishTransient(BenchSide side, int messages, Results results) throws Exception {
        BenchSide.Topology topology = side.publishTopology();
        declare(topology, BuiltinExchangeType.DIRECT);
        admin.queuePurge(topology.queue());
        Map<String, Object> body = Map.of("id", 0, "text", wire.text().substring(20));
        AsyncPublisher publisher = side.fireAndForget();
        long cpu = Cpu.nanos();
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            publisher.publish(body).join();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (admin.queueDeclarePassive(topology.queue()).getMessageCount() < messages) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(side.side().label() + " transient publish: " + admin.queueDeclarePassive(topology.queue())
                        .getMessageCount() + " of " + messages + " messages in the queue after 60 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
        }
        long elapsed = System.nanoTime() - start;
        double cpuPerMessage = Cpu.microsPer(cpu, messages);
        admin.queuePurge(topology.queue());
        results.add(PUBLISH_TRANSIENT_RATE, side.side(), messages / (elapsed / 1e9));
        results.add(PUBLISH_TRANSIENT_CPU, side.side(), cpuPerMessage);
    }

    private void declare(BenchSide.Topology topology, BuiltinExchangeType type) throws IOException {
        // the flags of PROTOCOL.md §1: a farine side redeclares the same names without a 406
        admin.exchangeDeclare(topology.exchange(), type, true, false, null);
        broker.exchangeDeclared(topology.exchange());
        admin.queueDeclare(topology.queue(), true, false, false, null);
        broker.queueDeclared(topology.queue());
        admin.queueBind(topology.queue(), topology.exchange(), topology.queue());
    }
}
