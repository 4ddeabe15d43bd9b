package farine.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.rabbitmq.client.Connection;
import farine.Container;
import farine.Service;
import farine.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A request over {@code max_message_size} gets a ValueError reply before it is parsed; the server goes on serving. */
class MessageSizeIT {

    static final int LIMIT = 4096;
    static final int DEFAULT_LIMIT = 8 * 1024 * 1024;

    @Service("bigreq_sized")
    public static final class Sized {
        static final AtomicInteger RUNS = new AtomicInteger();

        @RpcMethod
        public int length(String text) {
            RUNS.incrementAndGet();
            return text.length();
        }
    }

    @Service("bigreq_default_sized")
    public static final class DefaultSized {
        @RpcMethod
        public int length(String text) {
            return text.length();
        }
    }

    @Service("bigreq_budget")
    public static final class Budgeted {
        @RpcMethod
        public int count(List<Object> items) {
            return items.size();
        }
    }

    private static Container server;
    private static Connection raw;
    private static PythonStyleClient sized;
    private static PythonStyleClient defaultSized;

    @BeforeAll
    static void start() throws Exception {
        server = Broker.start(Broker.config(Map.of("bigreq_sized", Map.of("max_message_size", String.valueOf(LIMIT)),
                "bigreq_budget", Map.of("max_json_tokens", "1000"))), Sized.class, DefaultSized.class, Budgeted.class);
        raw = Broker.connect();
        sized = new PythonStyleClient(raw, "bigreq_sized");
        defaultSized = new PythonStyleClient(raw, "bigreq_default_sized");
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {sized, defaultSized, raw, server}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** {@code {"args": ["xxx…"], "kwargs": {}}} of exactly {@code size} bytes. */
    private static byte[] requestOf(int size) {
        String head = "{\"args\": [\"";
        String tail = "\"], \"kwargs\": {}}";
        return (head + "x".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode call(PythonStyleClient client, byte[] body) throws Exception {
        List<JsonNode> frames = client.frames(client.sendRaw("length", body, client.replyQueue(), null));
        return frames.getFirst();
    }

    private static void assertServes(PythonStyleClient client) throws Exception {
        assertThat(client.first(client.send("length", List.of("abc"), Map.of())).get("body").asInt()).isEqualTo(3);
        assertThat(server.stopped()).isNotDone();
    }

    @Test
    void aRequestOneByteOverTheLimitGetsAValueErrorWithoutRunningAndTheServerKeepsServing() throws Exception {
        int before = Sized.RUNS.get();
        try (LogCapture logs = new LogCapture()) {
            long start = System.nanoTime();
            JsonNode reply = call(sized, requestOf(LIMIT + 1));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

            String message = "message of " + (LIMIT + 1) + " bytes exceeds max_message_size = " + LIMIT + " bytes";
            assertThat(reply.get("__except__").asString()).isEqualTo("ValueError: " + message);
            assertThat(reply.get("__error__").get("type").asString()).isEqualTo("ValueError");
            assertThat(reply.get("__error__").get("message").asString()).isEqualTo(message);
            assertThat(reply.get("__error__").get("service").asString()).isEqualTo("bigreq_sized");
            assertThat(reply.get("__error__").get("method").asString()).isEqualTo("length");
            assertThat(Sized.RUNS.get()).isEqualTo(before);
            assertThat(logs.containing("request too large")).singleElement().satisfies((ILoggingEvent e) -> {
                assertThat(e.getLevel().toString()).isEqualTo("WARN");
                assertThat(e.getFormattedMessage()).contains("bigreq_sized.length", "correlation_id=",
                        (LIMIT + 1) + " bytes", "max_message_size " + LIMIT + " bytes");
            });
        }
        assertServes(sized);
    }

    @Test
    void aRequestOfExactlyTheLimitIsServed() throws Exception {
        assertThat(call(sized, requestOf(LIMIT)).get("body").asInt()).isEqualTo(LIMIT - "{\"args\": [\"\"], \"kwargs\": {}}".length());
        assertThat(call(sized, requestOf(LIMIT - 1)).has("body")).isTrue();
    }

    @Test
    void aRequestThatWouldCostMoreThanItsJsonTokenBudgetGetsAValueErrorAndOneWithinIsServed() throws Exception {
        try (PythonStyleClient budgeted = new PythonStyleClient(raw, "bigreq_budget"); LogCapture logs = new LogCapture()) {
            byte[] costly = ("{\"args\": [[" + "{},".repeat(600) + "{}]], \"kwargs\": {}}").getBytes(StandardCharsets.UTF_8);
            JsonNode reply = budgeted.first(budgeted.sendRaw("count", costly, budgeted.replyQueue(), null));
            assertThat(reply.get("__except__").asString())
                    .isEqualTo("ValueError: message too costly to parse: more than max_json_tokens = 1000 JSON tokens");
            assertThat(logs.containing("max_json_tokens")).hasSize(1);
            byte[] cheap = ("{\"args\": [[" + "{},".repeat(399) + "{}]], \"kwargs\": {}}").getBytes(StandardCharsets.UTF_8);
            assertThat(budgeted.first(budgeted.sendRaw("count", cheap, budgeted.replyQueue(), null)).get("body").asInt()).isEqualTo(400);
        }
    }

    @Test
    void theDefaultLimitIsEightMebibytes() throws Exception {
        assertThat(call(defaultSized, requestOf(DEFAULT_LIMIT + 1)).get("__except__").asString())
                .isEqualTo("ValueError: message of " + (DEFAULT_LIMIT + 1) + " bytes exceeds max_message_size = " + DEFAULT_LIMIT + " bytes");
        assertThat(call(defaultSized, requestOf(DEFAULT_LIMIT)).has("body")).isTrue();
        assertServes(defaultSized);
    }
}
