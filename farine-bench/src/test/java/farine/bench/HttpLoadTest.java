package farine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The event-loop load generator against a real HTTP/1.1 server on the loopback (the JDK's). */
class HttpLoadTest {

    private static final byte[] REQUEST = ("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
            + "Content-Length: 6\r\n\r\n[\"hi\"]").getBytes(StandardCharsets.US_ASCII);

    private final AtomicInteger answered = new AtomicInteger();
    private HttpServer server;

    private URI serve(int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "\"hi\"".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            answered.incrementAndGet();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void countsTheAnswersOfItsConnectionsOverThePhase() throws IOException {
        URI base = serve(200);

        double rate = HttpLoad.run(base, REQUEST, 8, Duration.ofMillis(300));

        // every request written was answered and counted: the last of each connection's after the phase's end too
        assertThat(rate).isPositive();
        assertThat(answered.get()).isGreaterThanOrEqualTo(8);
        assertThat(rate * 0.3).isLessThanOrEqualTo(answered.get() + 8); // the server counts just after it wrote
    }

    @Test
    void anAnswerOtherThan200FailsThePhase() throws IOException {
        URI base = serve(502);

        assertThatThrownBy(() -> HttpLoad.run(base, REQUEST, 2, Duration.ofMillis(100)))
                .isInstanceOf(IOException.class).hasMessageContaining("502");
    }
}
