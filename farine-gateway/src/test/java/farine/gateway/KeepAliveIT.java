package farine.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import farine.Container;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keep-alive connections over a raw socket: keep_alive times the wait for a request line (between two requests, or
 * on a new connection), and a request that takes longer than read_timeout keeps its connection (read_timeout is for
 * sending a request's headers and body: GatewayIT).
 */
class KeepAliveIT {

    static Container kitchen;
    static Gateway gateway;
    static Gateway shortKeepAlive;

    @BeforeAll
    static void start() {
        kitchen = GatewayBroker.kitchen();
        gateway = Gateway.start(GatewayBroker.config(Map.of("gateway", Map.of("port", "0", "read_timeout", "2"))));
        shortKeepAlive = Gateway.start(GatewayBroker.config(Map.of("gateway", Map.of("port", "0", "read_timeout", "2", "keep_alive", "3"))));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {gateway, shortKeepAlive, kitchen}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final String SLOW = "POST /rpc/gw_kitchen/slow HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\n[3000]";

    @Test
    void twoRequestsLongerThanReadTimeoutAreBothAnsweredOnOneConnection() throws IOException {
        try (Socket socket = open(gateway.uri())) {
            String first = exchange(socket, SLOW);
            assertThat(first).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("connection: close").endsWith("\"done\"");
            // at once on the same connection, as a client that keeps its connections does
            String second = exchange(socket, SLOW);
            assertThat(second).as("the second answer on the connection").startsWith("HTTP/1.1 200").endsWith("\"done\"");
        }
    }

    @Test
    void aRequestLineThatStopsHalfWayIsCutOffAfterKeepAlive() throws IOException {
        try (Socket socket = open(shortKeepAlive.uri())) {
            socket.getOutputStream().write("POST /rpc/gw_ki".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            long started = System.nanoTime();
            assertThat(socket.getInputStream().read()).as("the gateway closed the connection").isEqualTo(-1);
            // keep_alive is 3 s, looked at every second
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(10));
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterKeepAliveAndABusyOneIsNot() throws IOException {
        try (Socket socket = open(shortKeepAlive.uri())) {
            assertThat(exchange(socket, "POST /rpc/gw_kitchen/hello HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n[\"Ada\"]"))
                    .startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("connection: close");
            long started = System.nanoTime();
            assertThat(socket.getInputStream().read()).as("closed once idle for keep_alive").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(10));
        }
        // a request that outlasts keep_alive: its answer says the connection closes, and it does
        try (Socket socket = open(shortKeepAlive.uri())) {
            String answer = exchange(socket, SLOW);
            assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    private static Socket open(URI base) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(20_000); // a bound for the test only
        return socket;
    }

    /** Sends {@code request} and reads one answer: its head, then Content-Length bytes; the answer as text. */
    private static String exchange(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the gateway closed the connection after " + head.length() + " bytes of an answer: " + head);
            }
            head.append((char) b);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        assertThat(length.find()).as("Content-Length in %s", head).isTrue();
        byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
        return head + new String(body, StandardCharsets.UTF_8);
    }
}
