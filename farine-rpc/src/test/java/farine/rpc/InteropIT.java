package farine.rpc;

import static farine.rpc.PythonStyleServer.end;
import static farine.rpc.PythonStyleServer.except;
import static farine.rpc.PythonStyleServer.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.RpcClientParams;
import farine.Container;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Wire-level interop without Python: clients and servers written with the plain RabbitMQ client,
 * speaking PROTOCOL.md §3 exactly as the original does, against farine's server and client.
 */
class InteropIT {

    /** A client of the Python-style server below. */
    public interface PyService {
        String hello(String name);

        Stream<Integer> squares(int n);

        @RpcMethod("squares")
        int firstSquare(int n);

        int fail();

        Stream<Integer> midfail();

        int javaError();

        Object falsy(int which);

        int garbage();
    }

    private static final List<Object> FALSY = Arrays.asList(0, false, "", List.of(), Map.of(), null);

    private static Container server;
    private static Connection raw;
    private static RpcClients clients;
    private static PythonStyleServer pyServer;

    @BeforeAll
    static void start() throws Exception {
        server = Broker.start(Strict.class);
        raw = Broker.connect();
        clients = RpcClients.connect(Broker.uri());
        Map<String, Function<JsonNode, List<Map<String, Object>>>> methods = new HashMap<>();
        methods.put("hello", request -> List.of(item("hi " + request.get("args").get(0).asString()), end()));
        methods.put("squares", request -> {
            List<Map<String, Object>> frames = new ArrayList<>();
            int n = request.get("args").get(0).asInt();
            for (int i = 1; i <= n; i++) {
                frames.add(item(i * i));
            }
            frames.add(end());
            return frames;
        });
        methods.put("fail", request -> List.of(except("Traceback (most recent call last):\n"
                + "  File \"service.py\", line 12, in fail\n    raise ValueError('bad value')\nValueError: bad value")));
        methods.put("midfail", request -> List.of(item(1), item(2), except("KeyError: 'x'")));
        methods.put("javaError", request -> List.of(Map.of("__except__", "java.lang.IllegalStateException: nope\n\tat x.y(Z.java:1)",
                "__error__", Map.of("type", "java.lang.IllegalStateException", "message", "nope", "service", "rpcit_pysrv", "method", "javaError"))));
        methods.put("falsy", request -> List.of(item(FALSY.get(request.get("args").get(0).asInt())), end()));
        methods.put("garbage", request -> List.of(Map.of("weird", 1)));
        pyServer = new PythonStyleServer(raw, "rpcit_pysrv", methods);
    }

    @AfterAll
    static void stop() throws Exception {
        if (pyServer != null) {
            pyServer.close();
        }
        if (clients != null) {
            clients.close();
        }
        if (raw != null) {
            raw.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    // ---- a Python-style client calling a farine server

    @Test
    void aPythonStyleClientGetsAnItemThenTheEndThroughTheDefaultExchange() throws Exception {
        try (PythonStyleClient py = new PythonStyleClient(raw, "rpcit_strict")) {
            String id = py.send("hello", List.of("Ada"), Map.of());
            List<JsonNode> frames = py.frames(id);
            assertThat(frames.toString()).isEqualTo("[{\"body\":\"Hello, Ada!\",\"__end__\":false}, {\"__end__\":true}]");
            assertThat(py.exchangeOf(id)).isEmpty();
            assertThat(py.first(py.send("hello", List.of(), Map.of("name", "Bo"))).get("body").asString()).isEqualTo("Hello, Bo!");
        }
    }

    @Test
    void aPythonStyleClientGetsOneFramePerStreamItem() throws Exception {
        try (PythonStyleClient py = new PythonStyleClient(raw, "rpcit_strict")) {
            assertThat(py.frames(py.send("squares", List.of(3), Map.of())).toString()).isEqualTo(
                    "[{\"body\":1,\"__end__\":false}, {\"body\":4,\"__end__\":false}, {\"body\":9,\"__end__\":false}, {\"__end__\":true}]");
            assertThat(py.frames(py.send("squares", List.of(0), Map.of())).toString()).isEqualTo("[{\"__end__\":true}]");
        }
    }

    @Test
    void aPythonStyleClientGetsReadableErrorsAndTheStructuredField() throws Exception {
        try (PythonStyleClient py = new PythonStyleClient(raw, "rpcit_strict")) {
            List<JsonNode> frames = py.frames(py.send("fail", List.of("bad input"), Map.of()));
            assertThat(frames).hasSize(1);
            JsonNode frame = frames.getFirst();
            // a Python traceback's layout: its last line is the type and message
            String text = frame.get("__except__").asString();
            assertThat(text).startsWith("Traceback (").contains("\tat ");
            assertThat(text.strip().lines().toList().getLast()).isEqualTo("java.lang.IllegalArgumentException: bad input");
            assertThat(frame.get("__error__").toString()).isEqualTo("{\"type\":\"java.lang.IllegalArgumentException\","
                    + "\"message\":\"bad input\",\"service\":\"rpcit_strict\",\"method\":\"fail\"}");
        }
    }

    @Test
    void aPythonStyleClientGetsFalsyResults() throws Exception {
        try (PythonStyleClient py = new PythonStyleClient(raw, "rpcit_strict")) {
            for (Object value : FALSY) {
                JsonNode frame = py.first(py.send("echo", Arrays.asList(value), Map.of()));
                assertThat(frame.has("body")).as("frame for %s", value).isTrue();
                assertThat(frame.get("__end__").asBoolean()).isFalse();
                assertThat(PythonStyleClient.JSON.treeToValue(frame.get("body"), Object.class)).isEqualTo(value);
            }
        }
    }

    @Test
    void theRabbitMqTutorialClientWithDirectReplyToGetsTheFirstFrame() throws Exception {
        try (Channel ch = raw.createChannel()) {
            com.rabbitmq.client.RpcClient tutorial = new com.rabbitmq.client.RpcClient(new RpcClientParams()
                    .channel(ch).exchange("rpcit_strict").routingKey("rpcit_strict__hello").timeout(10_000));
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json").build();
            byte[] reply = tutorial.primitiveCall(properties, "{\"args\": [\"Cy\"], \"kwargs\": {}}".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("{\"body\":\"Hello, Cy!\",\"__end__\":false}");
            tutorial.close();
        }
    }

    // ---- a farine client calling a Python-style server

    @Test
    void aFarineClientCallsAPythonStyleServerThatRepliesThroughItsExchange() {
        PyService py = clients.proxy("rpcit_pysrv", PyService.class, Duration.ofSeconds(10));
        assertThat(py.hello("Ada")).isEqualTo("hi Ada");
        assertThat(py.squares(3)).containsExactly(1, 4, 9);
        assertThat(py.squares(0)).isEmpty();
        assertThat(py.firstSquare(3)).isEqualTo(1);
        assertThat(clients.pending()).isZero();
    }

    @Test
    void unknownCorrelationIdsAreDropped() throws Exception {
        PyService py = clients.proxy("rpcit_pysrv", PyService.class, Duration.ofSeconds(10));
        assertThat(py.hello("one")).isEqualTo("hi one"); // binds the reply queue to rpcit_pysrv
        pyServer.reply(clients.replyQueue(), "0123456789abcdef0123456789abcdef", item("stray"));
        pyServer.reply(clients.replyQueue(), null, item("stray without id"));
        assertThat(py.hello("two")).isEqualTo("hi two");
        assertThat(clients.pending()).isZero();
    }

    @Test
    void aPythonTracebackBecomesARemoteExceptionWithTypeAndMessage() {
        PyService py = clients.proxy("rpcit_pysrv", PyService.class, Duration.ofSeconds(10));
        assertThatThrownBy(py::fail).isInstanceOfSatisfying(RemoteException.class, e -> {
            assertThat(e.remoteType()).isEqualTo("ValueError");
            assertThat(e.remoteMessage()).isEqualTo("bad value");
            assertThat(e.remoteTrace()).startsWith("Traceback (most recent call last):").contains("service.py");
            assertThat(e.service()).isEqualTo("rpcit_pysrv");
            assertThat(e.method()).isEqualTo("fail");
        });
    }

    @Test
    void aPythonStreamFailingMidwayYieldsItsItemsThenTheError() {
        PyService py = clients.proxy("rpcit_pysrv", PyService.class, Duration.ofSeconds(10));
        List<Integer> read = new ArrayList<>();
        try (Stream<Integer> items = py.midfail()) {
            assertThatThrownBy(() -> items.forEach(read::add)).isInstanceOfSatisfying(RemoteException.class, e -> {
                assertThat(e.remoteType()).isEqualTo("KeyError");
                assertThat(e.remoteMessage()).isEqualTo("'x'");
            });
        }
        assertThat(read).containsExactly(1, 2);
        assertThat(clients.pending()).isZero();
    }

    @Test
    void theStructuredErrorFieldWinsOverTheText() {
        PyService py = clients.proxy("rpcit_pysrv", PyService.class, Duration.ofSeconds(10));
        assertThatThrownBy(py::javaError).isInstanceOfSatisfying(RemoteException.class, e -> {
            assertThat(e.remoteType()).isEqualTo("java.lang.IllegalStateException");
            assertThat(e.remoteMessage()).isEqualTo("nope");
            assertThat(e.remoteTrace()).contains("at x.y(Z.java:1)");
        });
    }

    @Test
    void aReplyThatIsNoFrameFailsTheCallSayingWhy() {
        PyService py = clients.proxy("rpcit_pysrv", PyService.class, Duration.ofSeconds(10));
        assertThatThrownBy(py::garbage).isInstanceOf(farine.FarineException.class)
                .hasMessageStartingWith("malformed reply (correlation_id=").hasMessageEndingWith("reply has neither body, __end__ nor __except__");
        assertThat(clients.pending()).isZero();
    }

    @Test
    void falsyFramesFromAPythonStyleServerAreResults() {
        PyService py = clients.proxy("rpcit_pysrv", PyService.class, Duration.ofSeconds(10));
        for (int i = 0; i < FALSY.size(); i++) {
            assertThat(py.falsy(i)).isEqualTo(FALSY.get(i));
        }
    }
}
