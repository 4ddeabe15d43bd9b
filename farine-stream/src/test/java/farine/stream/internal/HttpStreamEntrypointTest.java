package farine.stream.internal;

import static farine.stream.internal.StreamFixture.received;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import farine.Container;
import farine.FarineException;
import farine.stream.SseEvent;
import farine.testing.LogCapture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code @HttpStream} services run by a real container against a real SSE server: binding, filters, failures, stop. */
class HttpStreamEntrypointTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final StreamFixture fixture = new StreamFixture();
    private final LogCapture log = new LogCapture();

    @AfterEach
    void stopEverything() {
        fixture.close();
        log.close();
    }

    @Test
    void dataIsBoundToARecordBesideTheEventAndToAJsonNodeOnTwoStreamsAtOnce() throws Exception {
        SseServer ticks = fixture.server(c -> c.open()
                .send("id: t1\ndata: {\"symbol\": \"ACME\", \"price\": 12.5, \"extra\": true}\n\n")
                .send("id: t2\ndata: {\"symbol\": \"INIT\",\ndata:  \"price\": 3}\n\n")
                .hold());
        SseServer nodes = fixture.server(c -> c.open().send("data: {\"n\": 1}\n\ndata: {\"n\": 2}\n\n").hold());
        Container container = fixture.start(BoundRecorder.class, "ticks.endpoint", ticks.url(), "nodes.endpoint", nodes.url());

        await().atMost(WAIT).until(() -> received(container).size() >= 4);

        assertThat(received(container)).containsExactlyInAnyOrder(
                "t1=Tick[symbol=ACME, price=12.5]", "t2=Tick[symbol=INIT, price=3]", 1, 2);
        assertThat(received(container).stream().filter(Integer.class::isInstance)).containsExactly(1, 2);
        assertThat(container.describe()).singleElement().asString()
                .contains("http-stream nodes <- " + nodes.url(), "http-stream ticks <- " + ticks.url());
    }

    @Test
    void dataThatDoesNotBindIsLoggedWithItsIdAndSkippedWithoutRetrying() throws Exception {
        SseServer nodes = fixture.server(c -> c.open()
                .send("id: 1\ndata: {\"n\": 1}\n\nid: 2\ndata: not json\n\nid: 3\ndata: {\"n\": 3}\n\n").hold());
        SseServer ticks = fixture.server(c -> c.open().hold());
        Container container = fixture.start(BoundRecorder.class, "ticks.endpoint", ticks.url(), "nodes.endpoint", nodes.url());

        await().atMost(WAIT).until(() -> received(container).size() >= 2);

        assertThat(received(container)).containsExactly(1, 3);
        assertThat(log.linesWithCauses(Level.ERROR)).anySatisfy(line -> assertThat(line)
                .contains("bound.nodes: event data is not a tools.jackson.databind.JsonNode")
                .contains("event skipped, not retried: id=2 event=message data=not json"));
    }

    @Test
    void eventFilterFromTheAnnotationSelectsEventTypes() throws Exception {
        SseServer server = fixture.server(c -> c.open()
                .send("event: tick\nretry: 50\ndata: 1\n\ndata: untyped\n\nevent: other\ndata: 2\n\nevent: tock\nid: 9\ndata: 3\n\n")
                .hold());
        Container container = fixture.start(EventRecorder.class, "endpoint", server.url());

        await().atMost(WAIT).until(() -> received(container).size() >= 2);

        assertThat(received(container)).containsExactly(
                new SseEvent("", "tick", "1", Duration.ofMillis(50)), new SseEvent("9", "tock", "3", null));
    }

    @Test
    void eventFilterFromTheIniWinsOverTheAnnotation() throws Exception {
        SseServer server = fixture.server(c -> c.open()
                .send("event: tick\ndata: 1\n\ndata: untyped\n\nevent: other\ndata: 2\n\nevent: end\ndata: 3\n\n")
                .hold());
        Container container = fixture.start(EventRecorder.class, "endpoint", server.url(), "event", "message, end");

        await().atMost(WAIT).until(() -> received(container).size() >= 2);

        assertThat(received(container)).extracting(e -> ((SseEvent) e).data()).containsExactly("untyped", "3");
    }

    @Test
    void eventsWithEmptyDataAreSkipped() throws Exception {
        SseServer server = fixture.server(c -> c.open()
                .send("id: 1\n\ndata\n\ndata:\n\nevent: ping\n\nretry: 10\n\ndata: real\n\n").hold());
        Container container = fixture.start(Recorder.class, "endpoint", server.url());

        await().atMost(WAIT).until(() -> received(container).size() >= 1);

        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> received(container).size() == 1);
        assertThat(received(container)).containsExactly("real");
    }

    @Test
    void failingMethodIsRetriedThenTheEventIsLoggedAndTheStreamGoesOn() throws Exception {
        SseServer server = fixture.server(c -> c.open()
                .send("id: 1\ndata: twice\n\nid: 2\ndata: always\n\nid: 3\ndata: after\n\n").hold());
        Container container = fixture.start(FlakyRecorder.class, "endpoint", server.url(), "retries", "2");

        await().atMost(WAIT).until(() -> received(container).contains("after:1"));

        assertThat(received(container)).containsExactly(
                "twice:1", "twice:2", "twice:3", "always:1", "always:2", "always:3", "after:1");
        assertThat(log.linesWithCauses(Level.ERROR)).filteredOn(l -> l.contains("giving up")).singleElement().asString()
                .contains("flaky.receive: giving up on the event after 3 attempt(s)")
                .contains("failing on purpose on always, attempt 3")
                .contains("id=2 event=message data=always");
        assertThat(log.linesWithCauses(Level.WARN)).filteredOn(l -> l.contains("retrying in")).hasSize(4);
        assertThat(server.connectionCount()).isEqualTo(1);
    }

    @Test
    void retriesZeroGivesUpAfterOneAttempt() throws Exception {
        SseServer server = fixture.server(c -> c.open().send("id: 1\ndata: twice\n\nid: 2\ndata: after\n\n").hold());
        Container container = fixture.start(FlakyRecorder.class, "endpoint", server.url(), "retries", "0");

        await().atMost(WAIT).until(() -> received(container).contains("after:1"));

        assertThat(received(container)).containsExactly("twice:1", "after:1");
    }

    @Test
    void annotationEndpointIsUsedWhenTheIniHasNone() {
        // Recorder's annotation names a port nothing listens on: the listener keeps trying there
        Container container = fixture.start(Recorder.class);

        assertThat(container.describe()).containsExactly("recorder: http-stream receive <- http://127.0.0.1:9/annotation-endpoint, invoked received");
        await().atMost(WAIT).until(() -> log.linesWithCauses().stream()
                .anyMatch(l -> l.contains("cannot connect to http://127.0.0.1:9/annotation-endpoint")));
    }

    @Test
    void missingEndpointStopsTheStartWithAClearMessage() {
        Container container = fixture.create(NoEndpoint.class);

        assertThatThrownBy(container::start)
                .isInstanceOf(FarineException.class)
                .hasMessageContaining("@HttpStream no-endpoint.receive has no endpoint: set endpoint in [no-endpoint]");
    }

    @Test
    void badSettingStopsTheStartNamingKeyAndValue() throws Exception {
        SseServer server = fixture.server(c -> c.open().hold());
        // checked when the container is created (issue 24 item 6: every key at start, before any connection)
        assertThatThrownBy(() -> fixture.create(Recorder.class, "endpoint", server.url(), "headers", "Authorization Bearer s3cr3t"))
                .isInstanceOf(FarineException.class)
                .hasMessageContaining("[recorder] headers: entry starting with 'Authorization' has no ':'")
                .message().doesNotContain("s3cr3t");
        assertThat(server.connectionCount()).isZero();
    }

    @Test
    void headerValuesAndEndpointSecretsNeverReachTheLog() throws Exception {
        SseServer server = fixture.server(c -> {
            switch (c.number()) {
                case 1 -> c.status(401, "unauthorized");
                case 2 -> c.status(500, "boom");
                default -> c.open().send("data: " + c.header("Authorization") + "\n\n").hold();
            }
        });
        String endpoint = server.url().replace("http://", "http://bot:hunter2@") + "?symbol=ACME&access_token=t0k3n";
        Container container = fixture.start(Recorder.class, "endpoint", endpoint,
                "headers", "Authorization: Bearer s3cr3t | X-Api-Key: k3y");

        await().atMost(WAIT).until(() -> received(container).size() >= 1);
        assertThat(received(container)).containsExactly("Bearer s3cr3t");
        container.stop();

        assertThat(String.join("\n", container.describe())).contains("bot:****@", "access_token=****");
        assertThat(log.linesWithCauses()).isNotEmpty()
                .anySatisfy(l -> assertThat(l).contains("answered HTTP 401", "access_token=****"))
                .allSatisfy(l -> assertThat(l).doesNotContain("s3cr3t", "k3y", "hunter2", "t0k3n"));
    }

    @Test
    void gracefulStopClosesTheConnectionAndWaitsForTheRunningWorker() throws Exception {
        Blocking.reset();
        CompletableFuture<Boolean> closedByClient = new CompletableFuture<>();
        CountDownLatch stopping = new CountDownLatch(1);
        SseServer server = fixture.server(c -> {
            c.open().send("data: in flight\n\ndata: never read\n\n");
            stopping.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            closedByClient.complete(c.awaitClientGone(WAIT));
        });
        Container container = fixture.start(Blocking.class, "endpoint", server.url(), "read_timeout", "0",
                "shutdown_timeout", "30s");
        assertThat(Blocking.started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(container::stop);
        stopping.countDown();

        assertThat(closedByClient.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("connection closed by stop").isTrue();
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> !stopped.isDone());
        Blocking.release.countDown();
        stopped.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(Blocking.finished()).containsExactly("in flight");
        assertThat(log.linesWithCauses(Level.ERROR)).isEmpty();
    }

    @Test
    void slowMethodDoesNotTripTheReadTimeout() throws Exception {
        Blocking.reset();
        CountDownLatch done = new CountDownLatch(1);
        SseServer server = fixture.server(c -> {
            c.open().send("data: slow\n\n");
            // a comment line every 50 ms, within read_timeout, until the test has seen what it needs (or WAIT)
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!done.await(50, TimeUnit.MILLISECONDS) && System.nanoTime() - deadline < 0) {
                c.send(": keep-alive\n");
            }
        });
        Container container = fixture.start(Blocking.class, "endpoint", server.url(), "read_timeout", "300ms");
        assertThat(Blocking.started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        await().during(Duration.ofMillis(900)).atMost(WAIT).until(() -> server.connectionCount() == 1);
        Blocking.release.countDown();

        await().atMost(WAIT).until(() -> received(container).size() == 1);
        await().during(Duration.ofMillis(600)).atMost(WAIT).until(() -> server.connectionCount() == 1);
        done.countDown();
        assertThat(log.linesWithCauses()).noneMatch(l -> l.contains("read_timeout"));
    }

    @Test
    void stopDuringTheWaitBeforeReconnectingReturnsPromptly() throws Exception {
        SseServer server = fixture.server(c -> c.status(503, "maintenance"));
        Container container = fixture.start(Recorder.class, "endpoint", server.url(), "reconnect_delay", "60s");
        await().atMost(WAIT).until(() -> log.linesWithCauses().stream().anyMatch(l -> l.contains("reconnecting to " + server.url() + " in 60000 ms")));

        assertTimeoutPreemptively(Duration.ofSeconds(5), container::stop);

        await().atMost(WAIT).until(() -> log.linesWithCauses().stream().anyMatch(l -> l.contains("stopped listening")));
        assertThat(server.connectionCount()).isEqualTo(1);
    }

    @Test
    void stopWhileWaitingForTheResponseHeadersReturnsPromptly() throws Exception {
        CountDownLatch requested = new CountDownLatch(1);
        SseServer server = fixture.server(c -> {
            requested.countDown();
            c.hold(); // accepted, but no status line ever
        });
        Container container = fixture.start(Recorder.class, "endpoint", server.url(), "read_timeout", "0");
        assertThat(requested.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        assertTimeoutPreemptively(Duration.ofSeconds(5), container::stop);

        await().atMost(WAIT).until(() -> log.linesWithCauses().stream().anyMatch(l -> l.contains("stopped listening")));
    }

    @Test
    void killDuringABlockedReadReturnsPromptly() throws Exception {
        SseServer server = fixture.server(c -> c.open().send("data: one\n\n").hold());
        Container container = fixture.start(Recorder.class, "endpoint", server.url(), "read_timeout", "0");
        await().atMost(WAIT).until(() -> received(container).size() >= 1);

        assertTimeoutPreemptively(Duration.ofSeconds(5), container::kill);
        assertThat(container.stopped()).succeedsWithin(WAIT);
    }
}
