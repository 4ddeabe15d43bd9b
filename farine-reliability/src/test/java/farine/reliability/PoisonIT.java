package farine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.Config;
import farine.Container;
import farine.rpc.RpcCaller;
import farine.rpc.RpcClients;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Scenario 5: poison on every entry point. jqwik generates requests (random bytes, non-UTF-8, JSON of
 * the wrong shape, wrong content_type, missing reply_to / correlation_id, huge args arrays, deeply
 * nested JSON); each one must be answered (RPC with reply_to and correlation_id) or consumed or
 * dead-lettered (@Consume), and the service must go on serving. 16 MiB bodies are examples of their own.
 */
class PoisonIT {

    private static final Set<String> DEAD = ConcurrentHashMap.newKeySet();
    private static final Map<String, byte[]> REPLIES = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> OUTCOMES = new ConcurrentHashMap<>();
    private static final Duration ANSWER = Duration.ofSeconds(20);

    private static Container container;
    private static Connection connection;
    private static Channel channel;
    private static String replyQueue;
    private static RpcClients clients;
    private static RpcCaller poisoned;
    private static long heapBefore;
    private static int threadsBefore;
    private static long peakHeapBigBodies;
    private static final AtomicInteger TRIES = new AtomicInteger();

    enum Target { RPC_ADD, RPC_DESCRIBE, CONSUME_ORDER, CONSUME_NOTE }

    record Poison(Target target, String kind, byte[] body, String contentType, boolean replyTo, boolean correlationId) {
        @Override
        public String toString() {
            return target + " " + kind + " (" + body.length + " bytes, content_type=" + contentType + ", reply_to=" + replyTo
                    + ", correlation_id=" + correlationId + "): " + new String(body, 0, Math.min(60, body.length), StandardCharsets.UTF_8);
        }
    }

    @BeforeContainer
    static void start() throws Exception {
        PrivateRabbit rabbit = PrivateRabbit.get();
        Tally.fresh(Poisoned.ORDERS);
        Tally.fresh(Poisoned.NOTES);
        container = Container.create(Config.of(Map.of(
                "DEFAULT", Map.of("amqp_uri", rabbit.uri(), "connect_timeout", "60s", "shutdown_timeout", "10s"),
                "poisoned", Map.of("retries", "1", "retry_delay", "10ms", "concurrency", "4"))), List.of(Poisoned.class));
        container.start();
        connection = rabbit.connect("poison-test");
        channel = connection.createChannel();
        replyQueue = channel.queueDeclare("poison-replies-" + UUID.randomUUID(), false, true, true, null).getQueue();
        channel.basicConsume(replyQueue, true, (tag, m) -> REPLIES.put(String.valueOf(m.getProperties().getCorrelationId()), m.getBody()),
                tag -> { });
        for (String queue : List.of(Poisoned.ORDERS + ".dead", Poisoned.NOTES + ".dead")) {
            channel.queueDeclare(queue, true, false, false, null);
            channel.queuePurge(queue);
            channel.basicConsume(queue, true, (tag, m) -> DEAD.add(String.valueOf(m.getProperties().getMessageId())), tag -> { });
        }
        clients = RpcClients.connect(rabbit.uri());
        poisoned = clients.caller("poisoned").withTimeout(Duration.ofSeconds(10));
        heapBefore = heapAfterGc();
        threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    }

    @AfterContainer
    static void stop() throws Exception {
        Figures figures = new Figures("5 poison and malformed input");
        figures.put("requests generated", TRIES.get());
        new java.util.TreeMap<>(OUTCOMES).forEach((k, v) -> figures.put("outcome " + k, v.get()));
        long heapAfter = heapAfterGc();
        figures.put("heap after GC before / after, MiB", heapBefore / (1 << 20) + " / " + heapAfter / (1 << 20));
        figures.put("platform threads before / after", threadsBefore + " / " + ManagementFactory.getThreadMXBean().getThreadCount());
        figures.put("peak heap while 16 MiB bodies were handled, MiB", peakHeapBigBodies / (1 << 20));
        if (clients != null) {
            clients.close();
        }
        if (connection != null) {
            connection.abort();
        }
        if (container != null) {
            container.stop();
        }
        assertThat(heapAfter - heapBefore).as("heap growth after GC over the whole poison run").isLessThan(128L << 20);
    }

    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void everyMalformedRequestIsAnsweredOrDeadLetteredAndTheServiceKeepsServing(@ForAll("poison") Poison poison) throws Exception {
        TRIES.incrementAndGet();
        send(poison);
        if (TRIES.get() % 25 == 0) {
            stillServing();
        }
    }

    @Example
    void sixteenMebibyteBodiesOnEveryEntryPoint() throws Exception {
        byte[] big = new byte[16 << 20];
        new java.util.Random(42).nextBytes(big);
        byte[] bigJson = ("{\"args\": [\"" + "x".repeat((16 << 20) - 40) + "\"], \"kwargs\": {}}").getBytes(StandardCharsets.UTF_8);
        byte[] bigArray = ("{\"args\": [" + "1,".repeat((8 << 20) - 20) + "1], \"kwargs\": {}}").getBytes(StandardCharsets.UTF_8);
        var sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
        sampler.scheduleAtFixedRate(() -> peakHeapBigBodies = Math.max(peakHeapBigBodies,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()), 0, 20, TimeUnit.MILLISECONDS);
        for (Target target : Target.values()) {
            send(new Poison(target, "16 MiB of random bytes", big, "application/json", true, true));
        }
        send(new Poison(Target.RPC_ADD, "16 MiB args array", bigArray, "application/json", true, true));
        send(new Poison(Target.RPC_DESCRIBE, "16 MiB string argument", bigJson, "application/json", true, true));
        send(new Poison(Target.CONSUME_NOTE, "16 MiB JSON", bigJson, "application/json", true, true));
        send(new Poison(Target.CONSUME_ORDER, "16 MiB JSON array", bigArray, "application/json", true, true));
        sampler.shutdownNow();
        assertThat(sampler.awaitTermination(10, TimeUnit.SECONDS)).as("heap sampler stopped").isTrue();
        stillServing();
    }

    /** Publishes one poison and waits for its defined outcome. */
    private static void send(Poison poison) throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        AMQP.BasicProperties.Builder props = new AMQP.BasicProperties.Builder().contentType(poison.contentType()).messageId(id);
        if (poison.replyTo()) {
            props.replyTo(replyQueue);
        }
        if (poison.correlationId()) {
            props.correlationId(id);
        }
        switch (poison.target()) {
            case RPC_ADD, RPC_DESCRIBE -> {
                String method = poison.target() == Target.RPC_ADD ? "add" : "describe";
                channel.basicPublish("poisoned", "poisoned__" + method, props.build(), poison.body());
                if (poison.replyTo() && poison.correlationId()) {
                    await().atMost(ANSWER).alias("a reply to " + poison).until(() -> REPLIES.containsKey(id));
                    String reply = new String(REPLIES.remove(id), StandardCharsets.UTF_8);
                    count("rpc " + (reply.contains("\"__except__\"") ? "answered with an error" : "answered with a result"));
                } else {
                    count("rpc without reply_to or correlation_id (logged and dropped)");
                }
            }
            case CONSUME_ORDER, CONSUME_NOTE -> {
                String exchange = poison.target() == Target.CONSUME_ORDER ? Poisoned.ORDERS : Poisoned.NOTES;
                channel.basicPublish(exchange, exchange, props.build(), poison.body());
                await().atMost(ANSWER).alias(poison + " consumed or dead-lettered")
                        .until(() -> Tally.of(exchange).has(id) || DEAD.contains(id));
                count("consume " + (DEAD.contains(id) ? "dead-lettered" : "consumed"));
            }
        }
    }

    private static void count(String outcome) {
        OUTCOMES.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
    }

    private static void stillServing() throws Exception {
        assertThat(poisoned.call(Integer.class, "add", 2, 3)).isEqualTo(5);
        String id = UUID.randomUUID().toString();
        channel.basicPublish(Poisoned.ORDERS, Poisoned.ORDERS, new AMQP.BasicProperties.Builder().messageId(id).build(),
                "{\"id\": \"ok\", \"quantity\": 1, \"items\": [\"a\"]}".getBytes(StandardCharsets.UTF_8));
        await().atMost(ANSWER).until(() -> Tally.of(Poisoned.ORDERS).has(id));
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Provide
    Arbitrary<Poison> poison() {
        Arbitrary<Target> target = Arbitraries.of(Target.class);
        Arbitrary<String> contentType = Arbitraries.of("application/json", "text/plain", "application/octet-stream",
                "application/x-python-serialize", "", "\u00ff\u00fe");
        Arbitrary<String[]> body = Arbitraries.oneOf(randomBytes(), nonUtf8(), wrongShape(), hugeArgs(), deepNesting(), wrongTypes());
        return Combinators.combine(target, body, contentType, Arbitraries.of(true, true, false), Arbitraries.of(true, true, false))
                .as((t, b, ct, rt, cid) -> new Poison(t, b[0], b[1].getBytes(StandardCharsets.ISO_8859_1), ct, rt, cid));
    }

    // bodies travel as ISO-8859-1 strings so that any byte survives: {kind, body}
    private static Arbitrary<String[]> randomBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(4096)
                .map(b -> new String[] {"random bytes", new String(b, StandardCharsets.ISO_8859_1)});
    }

    private static Arbitrary<String[]> nonUtf8() {
        return Arbitraries.of(
                "{\"args\": [\"\u00ff\u00fe\"], \"kwargs\": {}}",
                "{\"args\": [1, 2], \"kwargs\": {\"\u00c3\u0028\": 1}}",
                "{\"id\": \"\u00ed\u00a0\u0080\", \"quantity\": 1, \"items\": []}",
                "\u00fe\u00ff\u0000{\u0000\"\u0000a",
                "\"\u00f8\u0088\u0080\u0080\u0080\"")
                .map(s -> new String[] {"non-UTF-8", s});
    }

    private static Arbitrary<String[]> wrongShape() {
        return Arbitraries.of(
                "", "null", "42", "\"text\"", "[]", "[1, 2]", "{}", "{\"args\": {}, \"kwargs\": []}", "{\"args\": [1, 2]}",
                "{\"kwargs\": {}}", "{\"args\": null, \"kwargs\": null}", "{\"args\": [1, 2], \"kwargs\": {\"c\": 3}}",
                "{\"args\": [1, 2, 3, 4], \"kwargs\": {}}", "{\"args\": [], \"kwargs\": {\"a\": 1, \"a\": 2}}",
                "{\"args\": [1, 2], \"kwargs\": {}, \"__end__\": true}", "{\"args\": [1, 2], \"kwargs\": {}", "{\"args\": [1,, 2]}",
                "{\"id\": 1, \"quantity\": \"many\", \"items\": \"x\"}", "{\"id\": {}, \"quantity\": 1e400, \"items\": [[]]}",
                "NaN", "{\"args\": [1e99999, -1e99999], \"kwargs\": {}}", "{\"args\": [\"" + "9".repeat(5000) + "\", 1], \"kwargs\": {}}",
                "{\"args\": [" + "9".repeat(5000) + ", 1], \"kwargs\": {}}")
                .map(s -> new String[] {"wrong shape", s});
    }

    private static Arbitrary<String[]> wrongTypes() {
        Arbitrary<String> value = Arbitraries.of("1", "-1", "2147483648", "1.5", "true", "null", "\"x\"", "[]", "{}", "[1,[2,[3]]]",
                "{\"id\": \"o\", \"quantity\": 2, \"items\": [\"a\"]}", "{\"quantity\": \"2\"}", "\"\\ud800\"");
        return value.list().ofMaxSize(4).flatMap(args -> Arbitraries.of(true, false).map(kw -> new String[] {"wrong types",
                "{\"args\": [" + String.join(", ", args) + "], \"kwargs\": " + (kw ? "{\"extra\": " + (args.isEmpty() ? "1" : args.get(0)) + "}" : "{}") + "}"}));
    }

    private static Arbitrary<String[]> hugeArgs() {
        return Arbitraries.integers().between(10_000, 300_000)
                .map(n -> new String[] {"huge args array", "{\"args\": [" + "1,".repeat(n) + "1], \"kwargs\": {}}"});
    }

    private static Arbitrary<String[]> deepNesting() {
        return Arbitraries.integers().between(200, 200_000).flatMap(depth -> Arbitraries.of(
                new String[] {"deep nesting", "[".repeat(depth) + "]".repeat(depth)},
                new String[] {"deep nesting", "{\"args\": [" + "[".repeat(depth) + "]".repeat(depth) + ", 1], \"kwargs\": {}}"},
                new String[] {"deep nesting", "{\"args\": [1, 2], \"kwargs\": {\"b\": " + "{\"a\": ".repeat(depth) + "1" + "}".repeat(depth) + "}}"},
                new String[] {"deep nesting", "{\"id\": \"o\", \"quantity\": 1, \"items\": " + "[".repeat(depth) + "]".repeat(depth) + "}"}));
    }

    static String describe(byte[] b) {
        return Arrays.toString(Arrays.copyOf(b, Math.min(b.length, 16)));
    }
}
