package farine.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import farine.Container;
import farine.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deadlines, idle timeouts, early close and cancellation: each ends in a defined outcome with no entry left behind. */
class RpcTimeoutIT {

    private static Container server;
    private static RpcClients clients;
    private static Connection raw;

    @BeforeAll
    static void start() throws Exception {
        server = Broker.start(Broker.config(Map.of("rpcit_calc", Map.of("rpc_stream_idle_timeout", "400ms", "rpc_timeout", "10"))),
                Calc.class, Front.class, Impatient.class);
        clients = RpcClients.connect(Broker.uri());
        raw = Broker.connect();
    }

    @AfterAll
    static void stop() throws Exception {
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

    private static CalcClient calc(Duration timeout) {
        return clients.proxy("rpcit_calc", CalcClient.class, timeout);
    }

    @Test
    void aStandaloneClientCallsEachServiceAsItsSectionSays() {
        try (RpcClients configured = RpcClients.connect(Broker.uri(), farine.Config.of(Map.of("rpcit_calc", Map.of("rpc_timeout", "1s"))))) {
            // the first call sets up the reply queue: given time of its own on a busy machine
            assertThat(configured.proxy("rpcit_calc", CalcClient.class, Duration.ofSeconds(30)).add(1, 2)).isEqualTo(3);
            // 1 s from the section, not the 30 s default: a 4 s call times out
            assertThatThrownBy(() -> configured.proxy("rpcit_calc", CalcClient.class).slow(4000)).isInstanceOf(RpcTimeoutException.class)
                    .hasMessageContaining("within 1000 ms");
            assertThatThrownBy(() -> configured.caller("rpcit_calc").call(String.class, "slow", 4000))
                    .isInstanceOf(RpcTimeoutException.class).hasMessageContaining("within 1000 ms");
        }
        try (RpcClients misconfigured = RpcClients.connect(Broker.uri(), farine.Config.of(Map.of("rpcit_calc", Map.of("rpc_timeout", "soon"))))) {
            assertThatThrownBy(() -> misconfigured.proxy("rpcit_calc", CalcClient.class)).isInstanceOf(farine.ConfigException.class)
                    .hasMessageContaining("[rpcit_calc] rpc_timeout");
        }
    }

    @Test
    void aLateReplyIsDroppedWithADebugLineButTheEndThatClosesEveryCallIsNot() {
        ch.qos.logback.classic.Logger listenerLog =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("farine.rpc.internal.client.ReplyListener");
        ch.qos.logback.classic.Level before = listenerLog.getLevel();
        listenerLog.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try (LogCapture logs = new LogCapture()) {
            assertThat(calc(Duration.ofSeconds(10)).add(1, 2)).isEqualTo(3);
            String late = catchThrowableOfType(RpcTimeoutException.class, () -> calc(Duration.ofMillis(300)).slow(800)).correlationId();
            await().atMost(Duration.ofSeconds(10)).until(() -> !logs.containing("dropped").isEmpty());
            // replies come in order: when these return, every frame sent before theirs has been handled
            assertThat(calc(Duration.ofSeconds(10)).add(2, 3)).isEqualTo(5);
            assertThat(calc(Duration.ofSeconds(10)).add(3, 4)).isEqualTo(7);

            // a late item of an earlier test's abandoned stream may be dropped meanwhile too: only the ends must be silent
            assertThat(logs.containing("dropped")).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("correlation_id=" + late))
                    .noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains("16 bytes"));
        } finally {
            listenerLog.setLevel(before);
        }
    }

    @Test
    void aSlowMethodTimesOutNamingServiceMethodTimeoutAndCorrelationId() {
        assertThatThrownBy(() -> calc(Duration.ofMillis(300)).slow(1500)).isInstanceOfSatisfying(RpcTimeoutException.class, e -> {
            assertThat(e.service()).isEqualTo("rpcit_calc");
            assertThat(e.method()).isEqualTo("slow");
            assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300));
            assertThat(e.correlationId()).matches("[0-9a-f]{32}");
            assertThat(e).hasMessage("no reply from rpcit_calc.slow within 300 ms (correlation_id=" + e.correlationId() + ")");
        });
        assertThat(clients.pending()).isZero();
    }

    @Test
    void aReplyArrivingAfterTheTimeoutIsDropped() {
        assertThatThrownBy(() -> calc(Duration.ofMillis(200)).slow(700)).isInstanceOf(RpcTimeoutException.class);
        // the late "slept 700" arrives while this call waits, and must not complete it
        assertThat(calc(Duration.ofSeconds(10)).slow(1200)).isEqualTo("slept 1200");
        assertThat(clients.pending()).isZero();
    }

    @Test
    void aCallNoQueueReceivesFailsAtOnceNamingServiceMethodAndCause() {
        RpcCaller nobody = clients.caller("rpcit_nobody").withTimeout(Duration.ofSeconds(20));
        long start = System.nanoTime();
        assertThatThrownBy(() -> nobody.call("anything", 1)).isInstanceOfSatisfying(NotServedException.class, e -> {
            assertThat(e.service()).isEqualTo("rpcit_nobody");
            assertThat(e.method()).isEqualTo("anything");
        }).hasMessageStartingWith("no queue receives rpcit_nobody.anything (routing key rpcit_nobody__anything on exchange rpcit_nobody,")
                .hasMessageContaining("has never run on this broker, or has no RPC method 'anything'");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        // asynchronously and as a stream alike
        assertThat(nobody.callAsync("anything")).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                .havingCause().isInstanceOf(NotServedException.class);
        assertThatThrownBy(() -> nobody.stream("anything").toList()).isInstanceOf(NotServedException.class);
        // and through a typed proxy
        assertThatThrownBy(() -> clients.proxy("rpcit_nobody", CalcClient.class).add(1, 2)).isInstanceOfSatisfying(NotServedException.class,
                e -> assertThat(e.method()).isEqualTo("add"));
        assertThat(clients.pending()).isZero();
    }

    @Test
    void theRequestCarriesItsExpirationAndDeadline() throws Exception {
        LinkedBlockingQueue<AMQP.BasicProperties> seen = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> bodies = new LinkedBlockingQueue<>();
        try (Channel ch = raw.createChannel()) {
            ch.exchangeDeclare("rpcit_mute", "direct", true);
            ch.queueDeclare("rpcit_mute__m", true, false, false, null);
            ch.queueBind("rpcit_mute__m", "rpcit_mute", "rpcit_mute__m");
            ch.basicConsume("rpcit_mute__m", true, new DefaultConsumer(ch) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    seen.add(properties);
                    bodies.add(new String(body, StandardCharsets.UTF_8));
                }
            });
            long before = System.currentTimeMillis();
            RpcTimeoutException timeout = (RpcTimeoutException) org.assertj.core.api.Assertions.catchThrowable(
                    () -> clients.caller("rpcit_mute").withTimeout(Duration.ofMillis(500)).call("m", 1, "two"));
            assertThat(timeout).isNotNull();
            AMQP.BasicProperties p = seen.poll(5, TimeUnit.SECONDS);
            assertThat(p).isNotNull();
            assertThat(p.getExpiration()).isEqualTo("500");
            assertThat(p.getCorrelationId()).isEqualTo(timeout.correlationId());
            assertThat(p.getReplyTo()).isEqualTo(clients.replyQueue());
            assertThat(p.getDeliveryMode()).isEqualTo(1);
            assertThat(p.getHeaders()).containsEntry("x-farine-single-reply", true);
            assertThat(p.getContentType()).isEqualTo("application/json");
            assertThat(p.getContentEncoding()).isEqualTo("utf-8");
            assertThat(((Number) p.getHeaders().get("x-farine-deadline")).longValue()).isBetween(before + 500, before + 5_000);
            assertThat(bodies.poll()).isEqualTo("{\"args\":[1,\"two\"],\"kwargs\":{}}");
            ch.queueDelete("rpcit_mute__m");
        }
        assertThat(clients.pending()).isZero();
    }

    @Test
    void anUnservedRequestDiesInTheQueue() throws Exception {
        try (Channel ch = raw.createChannel()) {
            ch.exchangeDeclare("rpcit_idle", "direct", true);
            ch.queueDeclare("rpcit_idle__m", true, false, false, null);
            ch.queueBind("rpcit_idle__m", "rpcit_idle", "rpcit_idle__m");
            assertThatThrownBy(() -> clients.caller("rpcit_idle").withTimeout(Duration.ofMillis(200)).call("m"))
                    .isInstanceOf(RpcTimeoutException.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> ch.queueDeclarePassive("rpcit_idle__m").getMessageCount() == 0);
            ch.queueDelete("rpcit_idle__m");
        }
    }

    @Test
    void aStreamIdleLongerThanItsIdleTimeoutFails() {
        CalcClient calc = calc(Duration.ofMillis(1500));
        Iterator<Integer> items = calc.paused(2, 4000).iterator();
        assertThat(items.next()).isZero();
        assertThatThrownBy(items::hasNext).isInstanceOf(RpcTimeoutException.class)
                .hasMessageStartingWith("no further stream item from rpcit_calc.paused within 1500 ms");
        assertThat(clients.pending()).isZero();
    }

    @Test
    void theIdleTimeoutOfAnInjectedClientComesFromTheIni() {
        Object answer = clients.caller("rpcit_front").withTimeout(Duration.ofSeconds(10)).call("pausedThrough", 2, 1500);
        assertThat(answer).asString().startsWith("timeout: no further stream item from rpcit_calc.paused within 400 ms");
    }

    @Test
    void theTimeoutOfTheAnnotationWinsOverTheIni() {
        Object answer = clients.caller("rpcit_impatient").withTimeout(Duration.ofSeconds(10)).call("trySlow", 1000);
        assertThat(answer).asString().startsWith("timeout: no reply from rpcit_calc.slow within 300 ms");
    }

    @Test
    void aServerStopsWaitingForAFutureAtTheCallersDeadline() {
        try (LogCapture logs = new LogCapture()) {
            assertThatThrownBy(() -> calc(Duration.ofMillis(300)).never()).isInstanceOfSatisfying(RpcTimeoutException.class, e ->
                    await().atMost(Duration.ofSeconds(5)).until(() -> !logs.containing("future was not complete at the caller's deadline; "
                            + "request dropped (correlation_id=" + e.correlationId() + ")").isEmpty()));
        }
    }

    @Test
    void closingAStreamEarlyFreesItsEntry() {
        CalcClient calc = calc(Duration.ofSeconds(10));
        try (Stream<Integer> items = calc.range(5_000)) {
            assertThat(items.iterator().next()).isZero();
            assertThat(clients.pending()).isEqualTo(1);
        }
        assertThat(clients.pending()).isZero();
        assertThat(calc.add(1, 1)).isEqualTo(2); // the rest of the stream is dropped, not delivered to anyone
    }

    @Test
    void anAbandonedIteratorIsSweptAfterItsDeadline() {
        Iterator<Integer> items = calc(Duration.ofMillis(300)).paused(2, 1500).iterator();
        assertThat(items.next()).isZero();
        assertThat(clients.pending()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> clients.pending() == 0);
    }

    @Test
    void cancellingAFutureFreesItsEntry() {
        CompletableFuture<Object> call = clients.caller("rpcit_calc").callAsync("slow", 800);
        assertThat(clients.pending()).isEqualTo(1);
        call.cancel(true);
        assertThat(clients.pending()).isZero();
    }

    @Test
    void aFutureCompletedWithACancellationFreesItsEntryAsCancelDoes() {
        CompletableFuture<Object> call = clients.caller("rpcit_calc").callAsync("slow", 800);
        assertThat(clients.pending()).isEqualTo(1);
        call.completeExceptionally(new java.util.concurrent.CancellationException("the caller gave up"));
        assertThat(call).isCancelled();
        assertThat(clients.pending()).isZero();
    }

    @Test
    void anAsynchronousCallTimesOutWithTheSameException() {
        CompletableFuture<Object> call = clients.caller("rpcit_calc").withTimeout(Duration.ofMillis(200)).callAsync("slow", 800);
        assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RpcTimeoutException.class).hasMessageContaining("rpcit_calc.slow within 200 ms");
        assertThat(clients.pending()).isZero();
    }

    @Test
    void anAsynchronousCallTimesOutAtItsOwnDeadlineWhileLongerCallsSentBeforeItWait() throws Exception {
        RpcCaller calc = clients.caller("rpcit_calc");
        CompletableFuture<Object> patient = calc.withTimeout(Duration.ofSeconds(8)).callAsync("slow", 1500);
        long sent = System.nanoTime();
        CompletableFuture<Long> failedAt = new CompletableFuture<>();
        CompletableFuture<Object> hasty = calc.withTimeout(Duration.ofMillis(300)).callAsync("slow", 1500);
        hasty.whenComplete((value, failure) -> failedAt.complete(failure instanceof RpcTimeoutException ? System.nanoTime() : -1L));

        long after = TimeUnit.NANOSECONDS.toMillis(failedAt.get(5, TimeUnit.SECONDS) - sent);

        // a timeout, not the slow method's reply (that would complete failedAt with -1); no upper bound beyond that:
        // how late a timer fires on a loaded machine is the scheduler's, not farine's
        assertThat(after).as("timed out after %d ms", after).isGreaterThanOrEqualTo(300L);
        assertThat(patient.get(8, TimeUnit.SECONDS)).isEqualTo("slept 1500");
        assertThat(clients.pending()).isZero();
    }
}
