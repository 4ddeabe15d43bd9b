package farine.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Connection;
import farine.Container;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Bad requests get an error reply or a log line, never stop the server; argument binding by position and name. */
class MalformedRequestIT {

    private static Container server;
    private static Connection raw;
    private static PythonStyleClient client;

    @BeforeAll
    static void start() throws Exception {
        server = Broker.start(Strict.class);
        raw = Broker.connect();
        client = new PythonStyleClient(raw, "rpcit_strict");
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (raw != null) {
            raw.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    private static void assertServes() throws Exception {
        JsonNode reply = client.first(client.send("add", List.of(2, 3), Map.of()));
        assertThat(reply.get("body").asInt()).isEqualTo(5);
        assertThat(server.stopped()).isNotDone();
    }

    private static JsonNode errorOf(String body) throws Exception {
        List<JsonNode> frames = client.frames(client.sendRaw("add", body));
        assertThat(frames).hasSize(1);
        return frames.getFirst();
    }

    @Test
    void aBodyThatIsNotJsonGetsAValueError() throws Exception {
        JsonNode reply = errorOf("this is not json");
        assertThat(reply.get("__except__").asString()).startsWith("ValueError: request body is not JSON");
        assertThat(reply.get("__error__").get("type").asString()).isEqualTo("ValueError");
        assertThat(reply.get("__error__").get("service").asString()).isEqualTo("rpcit_strict");
        assertThat(reply.get("__error__").get("method").asString()).isEqualTo("add");
        assertServes();
    }

    @Test
    void aBodyThatIsNotAnObjectGetsAValueError() throws Exception {
        assertThat(errorOf("[1, 2]").get("__except__").asString()).isEqualTo(
                "ValueError: request body is not a JSON object with \"args\" and \"kwargs\"");
        assertThat(errorOf("42").get("__error__").get("type").asString()).isEqualTo("ValueError");
        assertServes();
    }

    @Test
    void aBodyWithoutArgsOrKwargsGetsAValueError() throws Exception {
        assertThat(errorOf("{\"kwargs\": {}}").get("__except__").asString()).isEqualTo("ValueError: request has no \"args\" array");
        assertThat(errorOf("{\"args\": [1, 2]}").get("__except__").asString()).isEqualTo("ValueError: request has no \"kwargs\" object");
        assertThat(errorOf("{\"args\": {}, \"kwargs\": {}}").get("__error__").get("type").asString()).isEqualTo("ValueError");
        assertServes();
    }

    @Test
    void aRequestWithoutReplyToIsAcknowledgedAndDropped() throws Exception {
        int before = Strict.RUNS.get();
        String id = client.sendRaw("add", "{\"args\": [1, 1], \"kwargs\": {}}".getBytes(StandardCharsets.UTF_8), null, null);
        assertServes();
        assertThat(client.anyReply(id)).isFalse();
        assertThat(Strict.RUNS.get()).isEqualTo(before + 1); // only the request that had a reply_to ran
    }

    @Test
    void anExpiredRequestIsDroppedNotExecuted() throws Exception {
        int before = Strict.RUNS.get();
        String expired = client.sendRaw("add", "{\"args\": [1, 1], \"kwargs\": {}}".getBytes(StandardCharsets.UTF_8),
                client.replyQueue(), Map.of("x-farine-deadline", System.currentTimeMillis() - 1_000));
        assertServes(); // the queue is FIFO: once this one is answered the expired one was seen
        assertThat(client.anyReply(expired)).isFalse();
        assertThat(Strict.RUNS.get()).isEqualTo(before + 1);
    }

    @Test
    void kwargsBindByNameAndArgsByPosition() throws Exception {
        assertThat(client.first(client.send("add", List.of(), Map.of("a", 1, "b", 2))).get("body").asInt()).isEqualTo(3);
        assertThat(client.first(client.send("add", List.of(10), Map.of("b", 5))).get("body").asInt()).isEqualTo(15);
        assertThat(client.first(client.send("add", List.of(7, 8), Map.of("__stream__", true))).get("body").asInt()).isEqualTo(15);
    }

    @Test
    void missingSurplusAndDuplicateArgumentsAreTypeErrorsNamingTheParameter() throws Exception {
        assertThat(client.first(client.send("add", List.of(1), Map.of())).get("__except__").asString())
                .isEqualTo("TypeError: add() missing required argument 'b'");
        assertThat(client.first(client.send("add", List.of(1, 2), Map.of("c", 3))).get("__except__").asString())
                .isEqualTo("TypeError: add() got an unexpected keyword argument 'c'");
        assertThat(client.first(client.send("add", List.of(1, 2), Map.of("a", 3))).get("__except__").asString())
                .isEqualTo("TypeError: add() got multiple values for argument 'a'");
        assertThat(client.first(client.send("add", List.of(1, 2, 3), Map.of())).get("__except__").asString())
                .isEqualTo("TypeError: add() takes 2 positional argument(s) but 3 were given");
        assertThat(client.first(client.send("add", List.of("one", 2), Map.of())).get("__error__").get("message").asString())
                .startsWith("add() argument 'a': cannot convert \"one\" to int");
        assertServes();
    }
}
