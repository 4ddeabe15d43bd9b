package farine.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import farine.Container;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Real HTTP requests through a running gateway to a real service on the broker: every status of POST /rpc. */
class GatewayIT {

    static Container kitchen;
    static Gateway gateway;
    static URI base;

    @BeforeAll
    static void start() {
        kitchen = GatewayBroker.kitchen();
        gateway = Gateway.start(GatewayBroker.config(Map.of("gateway", Map.of("port", "0", "max_body", "4096"))));
        base = gateway.uri();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (kitchen != null) {
            kitchen.close();
        }
    }

    @Test
    void aCallWithAnArrayBodyAnswers200WithTheResult() {
        Http.Reply reply = Http.call(base, "rpc/gw_kitchen/hello", "[\"Ada\"]");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(reply.body().asString()).isEqualTo("Hello, Ada!");
    }

    @Test
    void argsAndKwargsBindByPositionAndName() {
        assertThat(Http.call(base, "rpc/gw_kitchen/add", "{\"args\": [2], \"kwargs\": {\"b\": 40}}").body().asInt()).isEqualTo(42);
        Http.Reply cooked = Http.call(base, "rpc/gw_kitchen/cook",
                "{\"kwargs\": {\"dish\": {\"name\": \"soup\", \"portions\": 2, \"tags\": [\"hot\"]}, \"extra\": 3}}");
        assertThat(cooked.status()).isEqualTo(200);
        assertThat(cooked.body().toString()).isEqualTo("{\"name\":\"soup\",\"portions\":5,\"tags\":[\"hot\"]}");
    }

    @Test
    void aMethodReturningNothingAnswersNullAndAnEmptyBodyMeansNoArguments() {
        Http.Reply reply = Http.call(base, "rpc/gw_kitchen/nothing", "");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().isNull()).isTrue();
    }

    @Test
    void aRemoteErrorIs502WithTheRemoteTypeAndMessage() {
        Http.Reply reply = Http.call(base, "rpc/gw_kitchen/fail", "[\"no eggs\"]");
        assertThat(reply.status()).isEqualTo(502);
        JsonNode error = reply.body().get("error");
        assertThat(error.get("type").asString()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(error.get("message").asString()).isEqualTo("no eggs");
        assertThat(error.get("service").asString()).isEqualTo("gw_kitchen");
        assertThat(error.get("method").asString()).isEqualTo("fail");
    }

    @Test
    void aPassedDeadlineIs504() {
        Http.Reply reply = Http.call(base, "rpc/gw_kitchen/slow", "[3000]", "X-Farine-Timeout", "300ms");
        assertThat(reply.status()).isEqualTo(504);
        assertThat(reply.body().at("/error/type").asString()).isEqualTo("Timeout");
        assertThat(reply.body().at("/error/message").asString()).contains("300 ms");
    }

    @Test
    void aBadTimeoutHeaderIs400() {
        Http.Reply reply = Http.call(base, "rpc/gw_kitchen/hello", "[\"Ada\"]", "X-Farine-Timeout", "soon");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().at("/error/message").asString()).contains("X-Farine-Timeout 'soon'");
    }

    @Test
    void anUnknownServiceIs404NamingIt() {
        Http.Reply reply = Http.call(base, "rpc/gw_nobody/hello", "[]");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().at("/error/message").asString()).contains("gw_nobody");
        assertThat(reply.body().at("/error/service").asString()).isEqualTo("gw_nobody");
    }

    @Test
    void anUnknownMethodOfARunningServiceIs404NamingItAndTheMethods() {
        Http.Reply reply = Http.call(base, "rpc/gw_kitchen/bake", "[]");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().at("/error/message").asString()).contains("no RPC method 'bake'").contains("hello");
    }

    @Test
    void malformedJsonIs400NamingThePosition() {
        Http.Reply reply = Http.call(base, "rpc/gw_kitchen/hello", "[\"Ada\",\n oops]");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().at("/error/type").asString()).isEqualTo("BadRequest");
        assertThat(reply.body().at("/error/message").asString()).startsWith("malformed JSON at line 2, column");
    }

    @Test
    void aBodyOverMaxBodyIs413() {
        String big = "[\"" + "x".repeat(5000) + "\"]";
        Http.Reply reply = Http.call(base, "rpc/gw_kitchen/hello", big);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.body().at("/error/message").asString()).contains("max_body = 4096");
    }

    @Test
    void aWrongHttpMethodOrPathIsAnsweredWithWhatToUse() {
        assertThat(Http.get(base, "rpc/gw_kitchen/hello").status()).isEqualTo(405);
        Http.Reply reply = Http.call(base, "rpc/gw_kitchen", "[]");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().at("/error/message").asString()).contains("POST /rpc/{service}/{method}");
        Http.Reply elsewhere = Http.get(base, "nowhere");
        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(elsewhere.body().at("/error/message").asString()).contains("/nowhere");
    }

    @Test
    void aStreamWithoutAnAcceptHeaderIsOneJsonArray() {
        Http.Reply reply = Http.call(base, "rpc/gw_kitchen/squares", "[4]");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().toString()).isEqualTo("[1,4,9,16]");
    }

    @Test
    void serverSentEventsArriveItemByItemThenAnEndEvent() throws Exception {
        HttpResponse<Stream<String>> response = Http.CLIENT.send(
                Http.post(base, "rpc/gw_kitchen/gated", "[3]", "Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        try (Stream<String> lines = response.body()) {
            var it = lines.iterator();
            // the service holds item 2 until released: item 1 arriving first shows the stream is not buffered
            assertThat(it.next()).isEqualTo("data: \"item 1\"");
            assertThat(it.next()).isEmpty();
            Http.call(base, "rpc/gw_kitchen/release", "[]");
            assertThat(it.next()).isEqualTo("data: \"item 2\"");
            assertThat(it.next()).isEmpty();
            Http.call(base, "rpc/gw_kitchen/release", "[]");
            List<String> rest = new ArrayList<>();
            it.forEachRemaining(rest::add);
            assertThat(rest).containsExactly("data: \"item 3\"", "", "event: end", "data: {\"items\":3}", "");
        }
    }

    @Test
    void ndjsonArrivesLineByLine() throws Exception {
        HttpResponse<Stream<String>> response = Http.CLIENT.send(
                Http.post(base, "rpc/gw_kitchen/gated", "{\"kwargs\": {\"n\": 2}}", "Accept", "application/x-ndjson").build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        try (Stream<String> lines = response.body()) {
            var it = lines.iterator();
            // each line one object: an item, then the end (or an error), never to be taken for one another
            assertThat(it.next()).isEqualTo("{\"item\":\"item 1\"}");
            Http.call(base, "rpc/gw_kitchen/release", "[]");
            assertThat(it.next()).isEqualTo("{\"item\":\"item 2\"}");
            assertThat(it.next()).isEqualTo("{\"end\":{\"items\":2}}");
            assertThat(it.hasNext()).isFalse();
        }
    }

    @Test
    void aStreamThatFailsMidwayEndsWithAnErrorEvent() throws Exception {
        HttpResponse<String> sse = Http.CLIENT.send(Http.post(base, "rpc/gw_kitchen/brokenAfter", "[2]", "Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sse.body()).startsWith("data: 1\n\ndata: 2\n\nevent: error\ndata: {\"error\":{");
        assertThat(sse.body()).contains("\"type\":\"java.lang.IllegalStateException\"").contains("\"message\":\"ran out after 2\"")
                .doesNotContain("event: end");
        HttpResponse<String> ndjson = Http.CLIENT.send(
                Http.post(base, "rpc/gw_kitchen/brokenAfter", "[1]", "Accept", "application/x-ndjson").build(), HttpResponse.BodyHandlers.ofString());
        String[] lines = ndjson.body().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).isEqualTo("{\"item\":1}");
        assertThat(Http.JSON.readTree(lines[1]).at("/error/message").asString()).isEqualTo("ran out after 1");
        assertThat(Http.JSON.readTree(lines[1]).has("item")).isFalse();
        Http.Reply array = Http.call(base, "rpc/gw_kitchen/brokenAfter", "[1]");
        assertThat(array.status()).isEqualTo(502);
    }

    @Test
    void aClientThatHangsUpMidStreamCancelsTheCallAndTheServiceStopsProducing() throws Exception {
        int closedBefore = Kitchen.TICKS_CLOSED.get();
        int ticksBefore = Kitchen.TICKS.get();
        HttpResponse<InputStream> response = Http.CLIENT.send(
                Http.post(base, "rpc/gw_kitchen/ticks", "[200]", "Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        assertThat(reader.readLine()).isEqualTo("data: 1");
        assertThat(reader.readLine()).isEmpty();
        assertThat(reader.readLine()).isEqualTo("data: 2");
        assertThat(Http.get(base, "health").body().get("pending_calls").asInt()).isEqualTo(1);
        reader.close(); // hangs up: the gateway's next write fails, it closes the stream, and that cancels the call
        // on the service's side: its stream was closed long before its 200 items (20 ms each: 4 s)
        await().atMost(Duration.ofSeconds(10)).until(() -> Kitchen.TICKS_CLOSED.get() == closedBefore + 1);
        int produced = Kitchen.TICKS.get() - ticksBefore;
        assertThat(produced).isLessThan(200);
        assertThat(Http.get(base, "health").body().get("pending_calls").asInt()).isZero();
        // nothing produces for nobody: the count stands still once the stream is closed
        assertThat(Http.call(base, "rpc/gw_kitchen/hello", "[\"Ada\"]").status()).isEqualTo(200);
        assertThat(Kitchen.TICKS.get() - ticksBefore).isEqualTo(produced);
    }

    @Test
    void withoutTokensAPrivateMethodIsRefusedWithoutRunning() {
        int before = Kitchen.SECRETS.get();
        Http.Reply reply = Http.call(base, "rpc/gw_kitchen/secret", "[]");
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body().at("/error/type").asString()).isEqualTo("Forbidden");
        assertThat(Kitchen.SECRETS.get()).isEqualTo(before);
    }

    @Test
    void servicesListsTheRegistryAndHealthSaysUp() {
        Http.Reply services = Http.get(base, "services");
        assertThat(services.status()).isEqualTo(200);
        assertThat(services.body().get("instances").findValuesAsString("service")).contains("gw_kitchen");
        Http.Reply health = Http.get(base, "health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("up");
    }

    @Test
    void aClientThatSendsItsRequestTooSlowlyIsDisconnected() throws Exception {
        // a slow-loris client: half a request line, then nothing; read_timeout (5 s by default) closes the connection
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write("POST /rpc/gw_kitchen/hello HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(20_000); // a bound for the test only: the gateway must hang up well before
            long started = System.nanoTime();
            assertThat(socket.getInputStream().read()).as("the gateway closed the connection").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(12));
        }
        // and serves the next client as usual
        assertThat(Http.call(base, "rpc/gw_kitchen/hello", "[\"Ada\"]").status()).isEqualTo(200);
    }

    @Test
    void aClientThatSendsItsBodyTooSlowlyIsCutOff() throws Exception {
        // the head in full, then 3 bytes of a 10-byte body and nothing more: read_timeout covers the body too
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("POST /rpc/gw_kitchen/hello HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n[\"A")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(20_000); // a bound for the test only: the gateway must give up well before
            long started = System.nanoTime();
            // a 408 when the gateway can still answer, else the connection closed; either ends the request
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer.isEmpty() || answer.startsWith("HTTP/1.1 408")).as("answer: %s", answer).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(12));
        }
        assertThat(Http.call(base, "rpc/gw_kitchen/hello", "[\"Ada\"]").status()).isEqualTo(200);
    }

    @Test
    void aClientCutOffForItsSlowBodyIsNoGatewayFailureInTheLog() throws Exception {
        // the cut-off closes the connection, so the 408 cannot go out: that is the client's doing, not a gateway bug to log
        // with a stack trace (nor a 500 to try on the closed connection, which the server then logs again)
        List<java.util.logging.LogRecord> serverWarnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    serverWarnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger server = java.util.logging.Logger.getLogger("io.helidon");
        server.addHandler(handler);
        try (farine.testing.LogCapture logs = new farine.testing.LogCapture("farine.gateway");
                java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("POST /rpc/gw_kitchen/hello HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n[\"A")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(20_000);
            socket.getInputStream().readAllBytes();
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                    logs.atLeast(ch.qos.logback.classic.Level.WARN).isEmpty() && serverWarnings.isEmpty());
        } finally {
            server.removeHandler(handler);
        }
    }
}
