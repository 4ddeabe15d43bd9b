package farine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.Config;
import farine.Container;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Hostile sizes: three sizes around each limit a message meets on its way (the service's
 * {@code max_message_size}, the client's 64 MiB inbound limit, the broker's {@code max_message_size},
 * set to 72 MiB on the private node for this class), on an RPC method and a {@code @Consume} handler.
 * Under the service's limit a message is served; over it, once, an error reply or a dead letter and
 * one WARN line; over the broker's, the publisher is refused. The consuming connection never drops.
 */
class OversizeIT {

    private static final int MIB = 1 << 20;
    private static final int SERVICE_LIMIT = MIB;
    private static final int CLIENT_LIMIT = 64 * MIB;
    private static final int BROKER_LIMIT = 72 * MIB;
    private static final int AMPLIFIED = 8 * MIB;
    private static final int AMPLIFYING_AT_ONCE = 8;
    /** JSON tokens in the amplifying body: two per {@code {}} of {@code {},{},…}. */
    private static final long AMPLIFYING_TOKENS = (AMPLIFIED - 128) / 3 * 2L;
    private static final long BROKER_DEFAULT = 134_217_728L;
    private static final Duration ANSWER = Duration.ofSeconds(60);
    private static final Map<String, byte[]> REPLIES = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> DEAD = new ConcurrentHashMap<>();

    private static PrivateRabbit rabbit;
    private static Container container;
    private static Connection connection;
    private static Channel channel;
    private static String replyQueue;
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    private static final Figures FIGURES = new Figures("12 hostile input");

    @BeforeAll
    static void start() throws Exception {
        rabbit = PrivateRabbit.get();
        // read by each channel when it opens: the channels opened below see 72 MiB
        rabbit.ctl("eval", "application:set_env(rabbit, max_message_size, " + BROKER_LIMIT + ").");
        Tally.fresh(Poisoned.ORDERS);
        container = Container.create(Config.of(Map.of(
                "DEFAULT", Map.of("amqp_uri", rabbit.uri(), "connect_timeout", "60s", "shutdown_timeout", "10s"),
                "poisoned", Map.of("retries", "1", "retry_delay", "10ms", "max_message_size", String.valueOf(SERVICE_LIMIT),
                        // the amplification scenario: 8 MiB (the default) on these two; the note handler runs 8 at once
                        // as describe does, so both get the default max_json_tokens of 8 concurrent messages (a quarter of
                        // the heap between them): with concurrency 1 a 6 GiB heap would grant one message ~7.8 million
                        // tokens, more than the amplifying body's ~5.6 million, and the note would be (rightly) accepted
                        "describe.max_message_size", String.valueOf(AMPLIFIED), "note.max_message_size", String.valueOf(AMPLIFIED),
                        "note.concurrency", String.valueOf(AMPLIFYING_AT_ONCE)))),
                List.of(Poisoned.class));
        container.start();
        LOGS.start();
        ((Logger) LoggerFactory.getLogger("farine")).addAppender(LOGS);
        connection = rabbit.connect("oversize-test");
        channel = connection.createChannel();
        replyQueue = channel.queueDeclare("oversize-replies-" + UUID.randomUUID(), false, true, true, null).getQueue();
        // the first frame of each reply; a non-stream reply's closing {"__end__": true} follows it (PROTOCOL.md §3)
        channel.basicConsume(replyQueue, true, (tag, m) -> REPLIES.putIfAbsent(m.getProperties().getCorrelationId(), m.getBody()),
                tag -> { });
        for (String dead : List.of(Poisoned.ORDERS + ".dead", Poisoned.NOTES + ".dead")) {
            channel.queueDeclare(dead, true, false, false, null);
            channel.queuePurge(dead);
            channel.basicConsume(dead, true, (tag, m) -> DEAD.computeIfAbsent(m.getProperties().getMessageId(), k -> new AtomicInteger())
                    .incrementAndGet(), tag -> { });
        }
    }

    @AfterAll
    static void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger("farine")).detachAppender(LOGS);
        if (connection != null) {
            connection.abort();
        }
        if (container != null) {
            container.stop();
        }
        rabbit.ctl("eval", "application:set_env(rabbit, max_message_size, " + BROKER_DEFAULT + ").");
    }

    @Test
    void everySizeAroundEachLimitEndsOnceAndTheConnectionStaysUp() throws Exception {
        for (int size : new int[] {SERVICE_LIMIT - 1, SERVICE_LIMIT, SERVICE_LIMIT + 1, CLIENT_LIMIT - 1, CLIENT_LIMIT,
                CLIENT_LIMIT + 1, BROKER_LIMIT - 1, BROKER_LIMIT}) {
            long began = System.nanoTime();
            String rpc = call(size);
            String consumed = consume(size);
            FIGURES.put(size + " bytes", "rpc " + rpc + ", consume " + consumed + " (" + (System.nanoTime() - began) / 1_000_000 + " ms)");
        }
        assertThat(lines("lost; recovering")).as("connections of the service lost").isEmpty();
        FIGURES.put(BROKER_LIMIT + 1 + " bytes", refusedByBroker());
        FIGURES.put("connections lost", lines("lost; recovering").size());
        FIGURES.put("messages lost", 0);
    }

    /**
     * 8 MiB of {@code [{},{},…]} (under max_message_size, ~5.6 million JSON tokens, ~350 MB as a tree) sixteen times at
     * once on an RPC method and a {@code @Consume} handler: each is refused within its JSON token budget, an error reply
     * or a dead letter, and the heap never holds what the trees would have cost.
     */
    @Test
    void amplifyingBodiesAreRefusedWithinTheirTokenBudget() throws Exception {
        // the default budget (JsonBudget: a quarter of the heap over the concurrent messages, 200 bytes a token) must be
        // below what the body holds, or this heap is big enough to parse it and the scenario does not apply
        long defaultBudget = Math.max(65_536, Runtime.getRuntime().maxMemory() / 4 / AMPLIFYING_AT_ONCE / 200);
        assertThat(defaultBudget).as("default max_json_tokens with this heap").isLessThan(AMPLIFYING_TOKENS);
        String objects = "{},".repeat((AMPLIFIED - 128) / 3);
        byte[] request = padded("{\"args\": [{\"id\": \"a\", \"quantity\": 1, \"items\": []}, [" + objects + "{}]], \"kwargs\": {}}",
                AMPLIFIED);
        byte[] note = padded("[" + objects + "{}]", AMPLIFIED);
        long before = usedHeapAfterGc();
        long[] peak = {0};
        var sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
        sampler.scheduleAtFixedRate(() -> peak[0] = Math.max(peak[0], java.lang.management.ManagementFactory.getMemoryMXBean()
                .getHeapMemoryUsage().getUsed()), 0, 20, java.util.concurrent.TimeUnit.MILLISECONDS);
        long began = System.nanoTime();
        List<String> calls = new java.util.ArrayList<>();
        List<String> notes = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String id = UUID.randomUUID().toString();
            calls.add(id);
            channel.basicPublish("poisoned", "poisoned__describe", new AMQP.BasicProperties.Builder().contentType("application/json")
                    .replyTo(replyQueue).correlationId(id).build(), request);
            String noteId = UUID.randomUUID().toString();
            notes.add(noteId);
            channel.basicPublish(Poisoned.NOTES, Poisoned.NOTES, new AMQP.BasicProperties.Builder().messageId(noteId).build(), note);
        }
        await().atMost(Duration.ofMinutes(3)).alias("replies to the amplifying requests").until(() -> calls.stream().allMatch(REPLIES::containsKey));
        await().atMost(Duration.ofMinutes(3)).alias("dead letters of the amplifying messages").until(() -> notes.stream().allMatch(DEAD::containsKey));
        sampler.shutdownNow();
        long millis = (System.nanoTime() - began) / 1_000_000;
        for (String id : calls) {
            assertThat(new String(REPLIES.get(id), StandardCharsets.UTF_8)).contains("ValueError: message too costly to parse: more than max_json_tokens");
        }
        assertThat(notes).allSatisfy(id -> assertThat(DEAD.get(id).get()).isEqualTo(1));
        assertThat(lines("lost; recovering")).isEmpty();
        FIGURES.put("amplification, 16 RPC requests + 16 messages of 8 MiB [{},{},...] at once",
                "all refused within max_json_tokens (error replies / dead letters) in " + millis + " ms; heap MiB before / peak: "
                        + before / MIB + " / " + peak[0] / MIB + " (max " + Runtime.getRuntime().maxMemory() / MIB + ")");
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** An RPC request of exactly {@code size} bytes: a result under the limit, else one error reply and one WARN line. */
    private static String call(int size) throws Exception {
        String id = UUID.randomUUID().toString();
        channel.basicPublish("poisoned", "poisoned__add", new AMQP.BasicProperties.Builder().contentType("application/json")
                .replyTo(replyQueue).correlationId(id).build(), padded("{\"args\": [2, 3], \"kwargs\": {}}", size));
        await().atMost(ANSWER).alias("a reply to a request of " + size + " bytes").until(() -> REPLIES.containsKey(id));
        String reply = new String(REPLIES.get(id), StandardCharsets.UTF_8);
        if (size <= SERVICE_LIMIT) {
            assertThat(reply).startsWith("{\"body\":5,");
            return "answered";
        }
        assertThat(reply).contains("ValueError").contains("message of " + size + " bytes exceeds max_message_size");
        assertThat(lines(id)).as("WARN lines naming the request").hasSize(1);
        return "error reply";
    }

    /** A message of exactly {@code size} bytes: consumed under the limit, else dead-lettered once with one WARN line. */
    private static String consume(int size) throws Exception {
        String id = UUID.randomUUID().toString();
        channel.basicPublish(Poisoned.ORDERS, Poisoned.ORDERS, new AMQP.BasicProperties.Builder().messageId(id).correlationId(id).build(),
                padded("{\"id\": \"big\", \"quantity\": 1, \"items\": [\"a\"]}", size));
        if (size <= SERVICE_LIMIT) {
            await().atMost(ANSWER).until(() -> Tally.of(Poisoned.ORDERS).has(id));
            return "consumed";
        }
        await().atMost(ANSWER).alias("a dead letter of " + size + " bytes").until(() -> DEAD.containsKey(id));
        assertThat(lines(id)).as("WARN lines naming the message").hasSize(1);
        assertThat(DEAD.get(id).get()).as("dead letters of the message").isEqualTo(1);
        return "dead-lettered";
    }

    /** Over the broker's limit: the broker closes the publisher's channel; nothing reaches the service. */
    private static String refusedByBroker() throws Exception {
        Channel own = connection.createChannel();
        own.basicPublish(Poisoned.ORDERS, Poisoned.ORDERS, null, new byte[BROKER_LIMIT + 1]);
        await().atMost(ANSWER).alias("the broker closes the channel of a message over its limit").until(() -> !own.isOpen());
        assertThat(own.getCloseReason().getMessage()).contains("PRECONDITION_FAILED").contains("max size");
        return "publisher's channel closed by the broker (406 PRECONDITION_FAILED)";
    }

    private static byte[] padded(String json, int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        byte[] start = json.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(start, 0, body, 0, start.length);
        return body;
    }

    private static List<String> lines(String text) {
        synchronized (LOGS.list) {
            return LOGS.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(text)).toList();
        }
    }
}
