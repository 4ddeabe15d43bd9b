package farine.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import farine.Container;
import farine.rpc.Calc.Foo;
import farine.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Java client calling a Java server over a real RabbitMQ. */
class RpcIT {

    private static Container server;
    private static RpcClients clients;
    private static CalcClient calc;
    private static RpcCaller caller;

    @BeforeAll
    static void start() {
        server = Broker.start(Broker.config(Map.of("rpcit_calc", Map.of("concurrency", "16"))), Calc.class, Front.class);
        clients = RpcClients.connect(Broker.uri());
        calc = clients.proxy("rpcit_calc", CalcClient.class, Duration.ofSeconds(20));
        caller = clients.caller("rpcit_calc").withTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        if (clients != null) {
            clients.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @AfterEach
    void nothingPending() {
        await().atMost(Duration.ofSeconds(5)).until(() -> clients.pending() == 0);
    }

    @Test
    void keywordArgumentsAreSentAndBoundByName() {
        assertThat(caller.call(Integer.class, "add", List.of(1), Map.of("b", 2))).isEqualTo(3);
        assertThat(caller.call(Integer.class, "add", List.of(), Map.of("b", 20, "a", 1))).isEqualTo(21);
        assertThatThrownBy(() -> caller.call(Object.class, "add", List.of(1), Map.of("c", 2))).isInstanceOf(RemoteException.class)
                .hasMessageContaining("add() got an unexpected keyword argument 'c'");
    }

    @Test
    void plainCallReturnsTheResult() {
        assertThat(calc.add(2, 3)).isEqualTo(5);
        assertThat(calc.hello("Ada")).isEqualTo("Hello, Ada!");
        assertThat(calc.addThree(4)).isEqualTo(7);
        assertThat(clients.pending()).isZero();
    }

    @Test
    void streamsOfZeroOneAndTenThousandItems() {
        try (Stream<Integer> none = calc.range(0)) {
            assertThat(none).isEmpty();
        }
        try (Stream<Integer> one = calc.range(1)) {
            assertThat(one).containsExactly(0);
        }
        try (Stream<Integer> many = calc.range(10_000)) {
            List<Integer> items = many.toList();
            assertThat(items).hasSize(10_000);
            assertThat(items).isEqualTo(IntStream.range(0, 10_000).boxed().toList());
        }
    }

    @Test
    void iteratorsIterablesAndPublishersStreamToo() {
        Iterator<Integer> items = calc.rangeIterator(3);
        List<Integer> read = new ArrayList<>();
        items.forEachRemaining(read::add);
        assertThat(read).containsExactly(0, 1, 2);
        assertThat(calc.letters("abc")).containsExactly("a", "b", "c");
        assertThat(calc.published(5)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aStreamingMethodCalledWithoutStreamingGivesItsFirstItemOrNull() {
        assertThat(calc.firstOfRange(5)).isZero();
        assertThat(calc.firstOfRange(0)).isNull();
    }

    @Test
    void serverSideFuturesReplyWhenTheyComplete() {
        assertThat(calc.later("x").join()).isEqualTo("later x");
        assertThat(calc.later("y")).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("later y");
    }

    @Test
    void aCompletionThatBlocksOrCallsAgainHoldsBackNoReply() throws Exception {
        // replies are read and handed over on the connection's reader thread; what the caller chains on a
        // future runs elsewhere: here one blocks until the end and another makes a synchronous call from inside
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocking = new CountDownLatch(1);
        Thread test = Thread.currentThread();
        // the server answers after 300 ms, so the stage is chained before the reply comes
        CompletableFuture<Object> blocked = caller.callAsync("slow", 300).thenApply(v -> {
            if (Thread.currentThread() == test) {
                throw new IllegalStateException("the reply came before the stage was chained: nothing tested");
            }
            blocking.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return v;
        });
        try {
            assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Integer> nested = calc.addAsync(2, 2).thenApply(v -> calc.add(v, 10));
            assertThat(nested).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(14);
            assertThat(calc.add(3, 4)).isEqualTo(7);
            try (Stream<Integer> items = calc.range(3)) {
                assertThat(items).containsExactly(0, 1, 2);
            }
            assertThat(blocked).isNotDone();
        } finally {
            release.countDown();
        }
        assertThat(blocked).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("slept 300");
    }

    @Test
    void clientSideFuturesCompleteWithTheResultOrTheRemoteError() throws Exception {
        CompletableFuture<Integer> sum = calc.addAsync(20, 22);
        assertThat(sum.get(10, TimeUnit.SECONDS)).isEqualTo(42);
        assertThat(caller.callAsync("hello", "Bo")).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("Hello, Bo!");
        assertThatThrownBy(() -> calc.laterFails("cheese").get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RemoteException.class)
                .hasMessageContaining("java.lang.IllegalArgumentException: no cheese");
    }

    @Test
    void remoteErrorsCarryTypeMessageAndTrace() {
        assertThatThrownBy(() -> calc.check(-1)).isInstanceOfSatisfying(RemoteException.class, e -> {
            assertThat(e.service()).isEqualTo("rpcit_calc");
            assertThat(e.method()).isEqualTo("check");
            assertThat(e.remoteType()).isEqualTo("java.lang.IllegalArgumentException");
            assertThat(e.remoteMessage()).isEqualTo("negative: -1");
            assertThat(e.remoteTrace()).startsWith("Traceback (").contains("at farine.rpc.Calc.check")
                    .endsWith("java.lang.IllegalArgumentException: negative: -1\n");
            assertThat(e).hasMessage("rpcit_calc.check failed remotely: java.lang.IllegalArgumentException: negative: -1");
        });
        assertThat(calc.check(7)).isEqualTo(7); // the server goes on
    }

    @Test
    void atDebugEachSentCallAndEachServedCallIsOneLine() {
        ch.qos.logback.classic.Logger sent = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("farine.rpc.internal.client.RemoteService");
        ch.qos.logback.classic.Logger served = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("farine.worker");
        Level sentBefore = sent.getLevel();
        Level servedBefore = served.getLevel();
        sent.setLevel(Level.DEBUG);
        served.setLevel(Level.DEBUG);
        try (LogCapture logs = new LogCapture()) {
            assertThat(calc.add(20, 22)).isEqualTo(42);

            await().atMost(Duration.ofSeconds(5)).until(() -> !logs.containing("rpcit_calc.add done in").isEmpty());
            assertThat(logs.containing("call rpcit_calc.add sent (correlation_id=")).hasSize(1);
            assertThat(logs.containing("rpcit_calc.add done in")).hasSize(1)
                    .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsKey("correlation_id"));
        } finally {
            sent.setLevel(sentBefore);
            served.setLevel(servedBefore);
        }
    }

    @Test
    void expectedErrorsAreLoggedAtWarnWithoutTraceOthersAtErrorWithOne() {
        try (LogCapture logs = new LogCapture()) {
            assertThatThrownBy(() -> calc.check(-5)).isInstanceOf(RemoteException.class);
            assertThatThrownBy(() -> calc.check(0)).isInstanceOfSatisfying(RemoteException.class,
                    e -> assertThat(e.remoteType()).isEqualTo("java.lang.IllegalStateException"));
            assertThatThrownBy(() -> calc.laterFails("ham").join()).hasCauseInstanceOf(RemoteException.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> !logs.containing("negative: -5").isEmpty()
                    && !logs.containing("zero is not allowed").isEmpty() && !logs.containing("no ham").isEmpty());
            ILoggingEvent expected = logs.containing("negative: -5").getFirst();
            assertThat(expected.getLevel()).isEqualTo(Level.WARN);
            assertThat(LogCapture.hasTrace(expected)).isFalse();
            assertThat(expected.getFormattedMessage()).contains("rpcit_calc.check").contains("correlation_id=");
            ILoggingEvent unexpected = logs.containing("zero is not allowed").getFirst();
            assertThat(unexpected.getLevel()).isEqualTo(Level.ERROR);
            assertThat(LogCapture.hasTrace(unexpected)).isTrue();
            ILoggingEvent futureFailure = logs.containing("no ham").getFirst();
            assertThat(futureFailure.getLevel()).isEqualTo(Level.WARN);
        }
    }

    @Test
    void aStreamFailingMidwayYieldsItsItemsThenTheRemoteError() {
        List<Integer> read = new ArrayList<>();
        try (Stream<Integer> items = calc.failsAfter(3)) {
            assertThatThrownBy(() -> items.forEach(read::add)).isInstanceOfSatisfying(RemoteException.class, e -> {
                assertThat(e.remoteType()).isEqualTo("java.lang.IllegalStateException");
                assertThat(e.remoteMessage()).isEqualTo("broke after 3 items");
            });
        }
        assertThat(read).containsExactly(0, 1, 2);
    }

    @Test
    void falsyResultsAreResults() {
        assertThat(caller.call("echo", 0)).isEqualTo(0);
        assertThat(caller.call("echo", false)).isEqualTo(false);
        assertThat(caller.call("echo", "")).isEqualTo("");
        assertThat(caller.call("echo", List.of())).isEqualTo(List.of());
        assertThat(caller.call("echo", Map.of())).isEqualTo(Map.of());
        assertThat(caller.call("echo", (Object) null)).isNull();
        assertThat(caller.call(int.class, "echo", 0)).isZero();
        assertThat(caller.call(Boolean.class, "echo", false)).isFalse();
        try (Stream<Object> items = caller.stream("echo", 0)) {
            assertThat(items).containsExactly(0);
        }
    }

    @Test
    void genericTypesDecodeFully() {
        List<Foo> foos = calc.foos(3);
        assertThat(foos).containsExactly(new Foo("foo0", 0), new Foo("foo1", 1), new Foo("foo2", 2));
        Map<String, Foo> byName = calc.byName(foos);
        assertThat(byName).containsEntry("foo1", new Foo("foo1", 1)).hasSize(3);
        assertThat(byName.values()).allSatisfy(v -> assertThat(v).isInstanceOf(Foo.class));
    }

    @Test
    void voidMethodsReturnNull() {
        calc.nothing();
        assertThat(caller.call("nothing")).isNull();
    }

    @Test
    void nullForAPrimitiveReturnTypeIsAClearError() {
        assertThat(calc.maybe(false)).isNull();
        assertThat(calc.maybePrimitive(true)).isEqualTo(1);
        assertThatThrownBy(() -> calc.maybePrimitive(false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rpcit_calc.maybe returned null").hasMessageContaining("correlation_id=")
                .hasMessageContaining("int");
        assertThatThrownBy(() -> caller.call(int.class, "maybe", false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rpcit_calc.maybe");
    }

    @Test
    void aHundredCallsInFlight() throws Exception {
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            futures.add(calc.addAsync(i, 1000));
        }
        List<Future<Integer>> blocking = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                int n = i;
                blocking.add(threads.submit(() -> calc.add(n, 2000)));
            }
        }
        for (int i = 0; i < 100; i++) {
            assertThat(futures.get(i).get(20, TimeUnit.SECONDS)).isEqualTo(i + 1000);
            assertThat(blocking.get(i).get()).isEqualTo(i + 2000);
        }
        assertThat(clients.pending()).isZero();
    }

    @Test
    void missingAndSurplusArgumentsAreRemoteTypeErrorsNamingTheParameter() {
        assertThatThrownBy(() -> caller.call("add", 1)).isInstanceOfSatisfying(RemoteException.class, e -> {
            assertThat(e.remoteType()).isEqualTo("TypeError");
            assertThat(e.remoteMessage()).isEqualTo("add() missing required argument 'b'");
        });
        assertThatThrownBy(() -> caller.call("add", 1, 2, 3)).isInstanceOfSatisfying(RemoteException.class, e ->
                assertThat(e.remoteMessage()).isEqualTo("add() takes 2 positional argument(s) but 3 were given"));
        assertThatThrownBy(() -> caller.call("add", "x", 2)).isInstanceOfSatisfying(RemoteException.class, e ->
                assertThat(e.remoteMessage()).startsWith("add() argument 'a': cannot convert \"x\" to int"));
    }

    @Test
    void injectedClientsCallOtherServices() {
        RpcCaller front = clients.caller("rpcit_front").withTimeout(Duration.ofSeconds(20));
        assertThat(front.call("addTwice", 4)).isEqualTo(12);
        assertThat(front.call("collected", 4)).isEqualTo(List.of(0, 1, 2, 3));
        assertThat(front.call("viaCaller", "Cy")).isEqualTo("Hello, Cy!");
    }

    @Test
    void aServiceWhoseExchangeCannotBeDeclaredFailsThatCallOnly() {
        assertThatThrownBy(() -> clients.caller("amq.rpcit_reserved").call("m")).isInstanceOf(farine.FarineException.class)
                .hasMessage("cannot call service amq.rpcit_reserved: exchange names starting with amq. are reserved by the broker");
        assertThat(clients.caller("amq.rpcit_reserved").callAsync("m")).failsWithin(Duration.ofSeconds(1))
                .withThrowableThat().havingCause().withMessageContaining("reserved by the broker");
        assertThat(clients.pending()).isZero();
        assertThat(calc.add(1, 2)).isEqualTo(3); // replies still arrive
    }

    @Test
    void theDynamicCallerStreamsAndConverts() {
        try (Stream<Object> items = caller.stream("range", 3)) {
            assertThat(items).containsExactly(0, 1, 2);
        }
        assertThat(caller.call("foos", 1)).isEqualTo(List.of(Map.of("name", "foo0", "size", 0)));
        assertThat(caller.service()).isEqualTo("rpcit_calc");
        assertThat(Arrays.asList(clients.replyQueue().split("\\."))).startsWith("farine", "reply");
    }
}
