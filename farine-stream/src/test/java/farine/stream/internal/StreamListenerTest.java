package farine.stream.internal;

import static farine.stream.internal.StreamFixture.received;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import farine.Container;
import farine.testing.LogCapture;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamListenerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final StreamFixture fixture = new StreamFixture();
    private final LogCapture log = new LogCapture();

    @AfterEach
    void stopEverything() {
        fixture.close();
        log.close();
    }

    @Test
    void tenThousandEventsArriveInOrder() throws Exception {
        SseServer server = fixture.server(c -> {
            c.open();
            StringBuilder chunk = new StringBuilder();
            for (int i = 0; i < 10_000; i++) {
                chunk.append("id: ").append(i).append("\ndata: ").append(i).append("\n\n");
                if (chunk.length() > 4000) {
                    c.send(chunk.toString());
                    chunk.setLength(0);
                }
            }
            c.send(chunk.toString());
            c.hold();
        });
        Container container = fixture.start(Recorder.class, "endpoint", server.url());

        await().atMost(WAIT).until(() -> received(container).size() >= 10_000);

        assertThat(received(container)).isEqualTo(IntStream.range(0, 10_000).mapToObj(Integer::toString).toList());
        assertThat(server.connectionCount()).isEqualTo(1);
    }

    @Test
    void serverClosingMidStreamResumesFromLastEventIdWithoutGapOrDuplicate() throws Exception {
        SseServer server = fixture.server(c -> {
            int from = c.lastEventId() == null ? 1 : Integer.parseInt(c.lastEventId()) + 1;
            c.open();
            for (int i = from; i < from + 10 && i <= 50; i++) {
                c.send("id: " + i + "\ndata: " + i + "\n\n");
            }
            if (from + 10 <= 50) {
                c.send("id: " + (from + 10) + "\ndata: cut off before the blank line"); // then the server closes
            } else {
                c.hold();
            }
        });
        Container container = fixture.start(Recorder.class, "endpoint", server.url());

        await().atMost(WAIT).until(() -> received(container).size() >= 50);

        assertThat(received(container)).isEqualTo(IntStream.rangeClosed(1, 50).mapToObj(Integer::toString).toList());
        assertThat(server.lastEventIds()).containsExactly("-", "10", "20", "30", "40");
    }

    @Test
    void retryFieldFromTheServerSetsTheReconnectionDelay() throws Exception {
        SseServer server = fixture.server(c -> {
            if (c.number() == 1) {
                c.open().send("retry: 150\ndata: one\n\n");
            } else {
                c.open().send("data: two\n\n").hold();
            }
        });
        // without the server's retry: the listener would wait a minute before reconnecting
        Container container = fixture.start(Recorder.class, "endpoint", server.url(), "reconnect_delay", "60000");

        await().atMost(WAIT).until(() -> received(container).size() >= 2);

        assertThat(received(container)).containsExactly("one", "two");
        List<SseServer.Connection> connections = server.connections();
        assertThat(connections.get(1).openedNanos() - connections.get(0).openedNanos())
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));
    }

    @Test
    void serverErrorsAreRetriedUntilTheServerRecovers() throws Exception {
        SseServer server = fixture.server(c -> {
            switch (c.number()) {
                case 1 -> c.status(500, "internal error");
                case 2 -> c.status(503, "", "Retry-After", "0");
                default -> c.open().send("data: recovered\n\n").hold();
            }
        });
        Container container = fixture.start(Recorder.class, "endpoint", server.url());

        await().atMost(WAIT).until(() -> received(container).size() >= 1);

        assertThat(received(container)).containsExactly("recovered");
        assertThat(server.connectionCount()).isEqualTo(3);
    }

    @Test
    void connectionDroppedBeforeAnyResponseIsRetried() throws Exception {
        SseServer server = fixture.server(c -> {
            if (c.number() > 1) {
                c.open().send("data: second try\n\n").hold();
            } // the first exchange closes without a response: the client sees the connection end
        });
        Container container = fixture.start(Recorder.class, "endpoint", server.url());

        await().atMost(WAIT).until(() -> received(container).size() >= 1);

        assertThat(received(container)).containsExactly("second try");
    }

    @Test
    void noContentAnswerStopsTheListener() throws Exception {
        SseServer server = fixture.server(c -> {
            if (c.number() == 1) {
                c.open().send("id: 1\ndata: last one\n\n");
            } else {
                c.status(204, "");
            }
        });
        Container container = fixture.start(Recorder.class, "endpoint", server.url());

        await().atMost(WAIT).until(() -> server.connectionCount() >= 2);

        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> server.connectionCount() == 2);
        assertThat(received(container)).containsExactly("last one");
        assertThat(server.lastEventIds()).containsExactly("-", "1");
    }

    @Test
    void clientErrorIsRetriedWithBackoff() throws Exception {
        SseServer server = fixture.server(c -> {
            if (c.number() <= 2) {
                c.status(401, "{\"error\": \"token expired\"}");
            } else {
                c.open().send("data: let in\n\n").hold();
            }
        });
        Container container = fixture.start(Recorder.class, "endpoint", server.url());

        await().atMost(WAIT).until(() -> received(container).size() >= 1);

        assertThat(received(container)).containsExactly("let in");
        assertThat(server.connectionCount()).isEqualTo(3);
        assertThat(log.linesWithCauses()).filteredOn(l -> l.contains("401")).hasSize(2).allSatisfy(l -> assertThat(l).isEqualTo(
                "ERROR recorder.receive: " + server.url() + " answered HTTP 401: {\"error\": \"token expired\"}; "
                        + "check endpoint and headers; retrying with backoff up to 200 ms"));
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() throws Exception {
        SseServer server = fixture.server(c -> {
            if (c.number() == 1) {
                c.status(429, "slow down", "Retry-After", "1");
            } else {
                c.open().send("data: later\n\n").hold();
            }
        });
        Container container = fixture.start(Recorder.class, "endpoint", server.url());

        await().atMost(WAIT).until(() -> received(container).size() >= 1);

        List<SseServer.Connection> connections = server.connections();
        assertThat(connections.get(1).openedNanos() - connections.get(0).openedNanos())
                .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void refusedConnectionsAreRetriedUntilTheServerIsUp() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // free once closed: nothing listens there until the server starts
        }
        Container container = fixture.start(Recorder.class, "endpoint", "http://127.0.0.1:" + port + "/events");
        await().atMost(WAIT).until(() -> log.linesWithCauses().stream().filter(l -> l.contains("cannot connect")).count() >= 3);

        fixture.server(port, c -> c.open().send("data: up at last\n\n").hold());

        await().atMost(WAIT).until(() -> received(container).size() >= 1);
        assertThat(received(container)).containsExactly("up at last");
        assertThat(log.linesWithCauses()).anySatisfy(l -> assertThat(l).contains("failure(s) in a row"))
                .anySatisfy(l -> assertThat(l).contains("cannot connect to http://127.0.0.1:" + port + "/events: ConnectException: "));
    }

    @Test
    void clientErrorStopsTheListenerWhenConfiguredTo() throws Exception {
        SseServer server = fixture.server(c -> c.status(403, "forbidden"));
        fixture.start(Recorder.class, "endpoint", server.url(), "stop_on_client_error", "true");

        await().atMost(WAIT).until(() -> server.connectionCount() >= 1);

        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> server.connectionCount() == 1);
        assertThat(log.linesWithCauses()).anySatisfy(l -> assertThat(l).contains("answered HTTP 403: forbidden",
                "not reconnecting (stop_on_client_error = true)"));
    }

    @Test
    void responseThatIsNotAnEventStreamIsRetried() throws Exception {
        SseServer server = fixture.server(c -> {
            if (c.number() == 1) {
                c.status(200, "<html>login page</html>", "Content-Type", "text/html");
            } else {
                c.open().send("data: real stream\n\n").hold();
            }
        });
        Container container = fixture.start(Recorder.class, "endpoint", server.url());

        await().atMost(WAIT).until(() -> received(container).size() >= 1);

        assertThat(received(container)).containsExactly("real stream");
    }

    @Test
    void redirectIsFollowedAndReconnectsStartAgainAtTheEndpoint() throws Exception {
        SseServer target = fixture.server(c -> {
            c.open().send("id: " + c.number() + "\ndata: from the target\n\n");
            if (c.number() > 1) {
                c.hold();
            }
        });
        SseServer endpoint = fixture.server(c -> c.status(307, "", "Location", target.url()));
        Container container = fixture.start(Recorder.class, "endpoint", endpoint.url());

        await().atMost(WAIT).until(() -> received(container).size() >= 2);

        assertThat(received(container)).containsExactly("from the target", "from the target");
        assertThat(endpoint.connectionCount()).isEqualTo(2);
        assertThat(target.lastEventIds()).containsExactly("-", "1");
    }

    @Test
    void multiLineDataArrivesJoinedWithNewlines() throws Exception {
        SseServer server = fixture.server(c -> c.open().send("data: first\r\ndata: second\rdata:\ndata: fourth\n\n").hold());
        Container container = fixture.start(Recorder.class, "endpoint", server.url());

        await().atMost(WAIT).until(() -> received(container).size() >= 1);

        assertThat(received(container)).containsExactly("first\nsecond\n\nfourth");
    }

    @Test
    void eventsTrickledOneByteAtATimeArriveWhole() throws Exception {
        SseServer server = fixture.server(c -> c.open()
                .trickle("\uFEFFid: 1\r\ndata: caf\u00e9 \u20ac\r\n\r\n: comment\rid: 2\rdata: \uD83D\uDE00\rdata: two\r\r")
                .trickle("id: 3\ndata: last\n\n")
                .hold());
        Container container = fixture.start(Recorder.class, "endpoint", server.url());

        await().atMost(WAIT).until(() -> received(container).size() >= 3);

        assertThat(received(container)).containsExactly("caf\u00e9 \u20ac", "\uD83D\uDE00\ntwo", "last");
    }

    @Test
    void malformedLinesAreIgnored() throws Exception {
        SseServer server = fixture.server(c -> c.open()
                .send("garbage without colon\n: a comment\ndata: a\nnonsense: x\nDATA: shouted\nretry: soon\n\n")
                .send("\n\n:\nevent\ndata:b\nid: \u0000\n\n")
                .hold());
        Container container = fixture.start(Recorder.class, "endpoint", server.url());

        await().atMost(WAIT).until(() -> received(container).size() >= 2);

        assertThat(received(container)).containsExactly("a", "b");
    }

    @Test
    void oneMebibyteEventArrivesWhole() throws Exception {
        String big = IntStream.range(0, 1024 * 1024).mapToObj(i -> String.valueOf((char) ('a' + i % 26)))
                .reduce(new StringBuilder(), StringBuilder::append, StringBuilder::append).toString();
        SseServer server = fixture.server(c -> c.open().send("data: " + big + "\n\ndata: after\n\n").hold());
        Container container = fixture.start(Recorder.class, "endpoint", server.url());

        await().atMost(WAIT).until(() -> received(container).size() >= 2);

        List<Object> received = received(container);
        assertThat((String) received.get(0)).hasSize(1024 * 1024).isEqualTo(big);
        assertThat(received.get(1)).isEqualTo("after");
    }

    @Test
    void eventLargerThanMaxEventSizeIsDroppedAndTheStreamGoesOn() throws Exception {
        SseServer server = fixture.server(c -> c.open()
                .send("id: 1\ndata: " + "x".repeat(5000) + "\n\nid: 2\ndata: small\n\n").hold());
        Container container = fixture.start(Recorder.class, "endpoint", server.url(), "max_event_size", "1KiB");

        await().atMost(WAIT).until(() -> received(container).size() >= 1);

        assertThat(received(container)).containsExactly("small");
    }

    @Test
    void silentConnectionIsReconnectedAfterReadTimeout() throws Exception {
        SseServer server = fixture.server(c -> {
            if (c.number() == 1) {
                c.open().send("id: 7\ndata: before the silence\n\n").hold();
            } else {
                c.open().send("id: 8\ndata: after reconnecting\n\n").hold();
            }
        });
        Container container = fixture.start(Recorder.class, "endpoint", server.url(), "read_timeout", "300ms");

        await().atMost(WAIT).until(() -> received(container).size() >= 2);

        assertThat(received(container)).startsWith("before the silence", "after reconnecting");
        assertThat(server.lastEventIds()).startsWith("-", "7");
        assertThat(log.linesWithCauses()).anySatisfy(l -> assertThat(l).contains("nothing received from " + server.url()
                + " for 300 ms (read_timeout); reconnecting"));
    }

    @Test
    void limitStopsTheListenerAfterThatManyEvents() throws Exception {
        CompletableFuture<Boolean> closedByClient = new CompletableFuture<>();
        SseServer server = fixture.server(c -> {
            c.open().send("data: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\ndata: 5\n\n");
            closedByClient.complete(c.awaitClientGone(WAIT));
        });
        Container container = fixture.start(Recorder.class, "endpoint", server.url(), "limit", "3");

        assertThat(closedByClient.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(received(container)).containsExactly("1", "2", "3");
        assertThat(server.connectionCount()).isEqualTo(1);
    }

    @Test
    void stopDuringABlockedReadReturnsPromptlyAndClosesTheConnection() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        CompletableFuture<Boolean> closedByClient = new CompletableFuture<>();
        SseServer server = fixture.server(c -> {
            c.open().send("data: only one\n\n");
            stopped.await(WAIT.toSeconds(), TimeUnit.SECONDS); // the client is now blocked reading
            closedByClient.complete(c.awaitClientGone(WAIT));
        });
        Container container = fixture.start(Recorder.class, "endpoint", server.url(), "read_timeout", "0",
                "shutdown_timeout", "30s");
        await().atMost(WAIT).until(() -> received(container).size() >= 1);

        assertTimeoutPreemptively(Duration.ofSeconds(5), container::stop);
        stopped.countDown();

        assertThat(closedByClient.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(server.connectionCount()).isEqualTo(1);
    }

    @Test
    void configuredHeadersAreSentWithEveryConnection() throws Exception {
        SseServer server = fixture.server(c -> {
            c.open().send("data: " + c.header("Authorization") + "|" + c.header("X-Client") + "|" + c.header("Accept") + "\n\n");
            if (c.number() > 1) {
                c.hold();
            }
        });
        Container container = fixture.start(Recorder.class, "endpoint", server.url(),
                "headers", "Authorization: Bearer s3cr3t | X-Client: farine");

        await().atMost(WAIT).until(() -> received(container).size() >= 2);

        assertThat(received(container)).containsOnly("Bearer s3cr3t|farine|text/event-stream");
    }
}
