package farine.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import farine.Container;
import farine.FarineException;
import farine.Service;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where an asynchronous call's callbacks run: a virtual thread of their own by default, the client
 * connection's reader thread with {@code rpc_callbacks = reply_thread} (or {@link RpcCallbacks#REPLY_THREAD}).
 * The server answers after 300 ms, so every stage here is chained before its reply comes.
 */
class RpcCallbacksIT {

    private static Container server;

    /** Calls the slow method asynchronously and tells where the chained stage ran. */
    @Service("rpcit_callbacks")
    public static final class Probe {
        private final RpcCaller calc;

        public Probe(@RpcClient("rpcit_calc") RpcCaller calc) {
            this.calc = calc;
        }

        @RpcMethod
        public String where() throws Exception {
            Thread worker = Thread.currentThread();
            return calc.callAsync("slow", 300).thenApply(v -> describe(worker)).get();
        }
    }

    @BeforeAll
    static void start() {
        server = Broker.start(Broker.config(Map.of()), Calc.class, Front.class);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static String describe(Thread caller) {
        Thread current = Thread.currentThread();
        if (current == caller) {
            return "caller"; // the reply came before the stage was chained: nothing tested
        }
        return current.isVirtual() ? "virtual" : "platform " + current.getName();
    }

    private static String standalone(RpcCallbacks callbacks) throws Exception {
        try (RpcClients clients = RpcClients.connect(Broker.uri(), callbacks)) {
            Thread test = Thread.currentThread();
            CompletableFuture<String> where = clients.caller("rpcit_calc").withTimeout(Duration.ofSeconds(20))
                    .callAsync("slow", 300).thenApply(v -> describe(test));
            return where.get();
        }
    }

    private static String inContainer(Map<String, String> calcSection) {
        try (Container probe = Container.create(Broker.config(Map.of("rpcit_calc", calcSection)), List.of(Probe.class));
                RpcClients clients = RpcClients.connect(Broker.uri())) {
            probe.start();
            return clients.caller("rpcit_callbacks").withTimeout(Duration.ofSeconds(20)).call(String.class, "where");
        }
    }

    @Test
    void byDefaultCallbacksRunOnAVirtualThreadOfTheirOwn() throws Exception {
        assertThat(standalone(RpcCallbacks.VIRTUAL_THREAD)).isEqualTo("virtual");
        assertThat(inContainer(Map.of())).isEqualTo("virtual");
    }

    @Test
    void replyThreadCallbacksRunOnTheConnectionsReaderThread() throws Exception {
        // the client library's reader thread is named after the connection
        assertThat(standalone(RpcCallbacks.REPLY_THREAD)).startsWith("platform AMQP Connection");
        assertThat(inContainer(Map.of("rpc_callbacks", "reply_thread"))).startsWith("platform AMQP Connection");
    }

    @Test
    void aReplyThreadCallbackThatWaitsForACallFailsAtOnceAndTheClientGoesOn() throws Exception {
        try (RpcClients clients = RpcClients.connect(Broker.uri(), RpcCallbacks.REPLY_THREAD)) {
            RpcCaller calc = clients.caller("rpcit_calc").withTimeout(Duration.ofSeconds(60));
            // waiting there would wait for a reply only that thread can read: until the 60 s timeout
            CompletableFuture<Object> waits = calc.callAsync("slow", 300).thenApply(v -> calc.call("add", 1, 2));

            assertThat(waits).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(FarineException.class)
                    .withMessageContaining("cannot call rpcit_calc.add and wait from the thread that reads the replies");
            assertThat(calc.call("add", 2, 3)).isEqualTo(5);
        }
    }

    @Test
    void aReplyThreadCallbackMayChainACallToAServiceNotCalledBefore() throws Exception {
        // the first call to rpcit_front binds the reply queue to its exchange, a declaration whose answer the
        // reply thread itself would have to read: the send moves to a virtual thread
        try (RpcClients clients = RpcClients.connect(Broker.uri(), RpcCallbacks.REPLY_THREAD)) {
            RpcCaller calc = clients.caller("rpcit_calc").withTimeout(Duration.ofSeconds(20));
            RpcCaller front = clients.caller("rpcit_front").withTimeout(Duration.ofSeconds(20));
            CompletableFuture<Object> chained = calc.callAsync("slow", 300).thenCompose(v -> front.callAsync("addTwice", 2));

            assertThat(chained).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(6);
        }
    }

    @Test
    void cancellingACallMadeFromAReplyThreadCallbackForgetsIt() throws Exception {
        try (RpcClients clients = RpcClients.connect(Broker.uri(), RpcCallbacks.REPLY_THREAD)) {
            RpcCaller calc = clients.caller("rpcit_calc").withTimeout(Duration.ofSeconds(60));
            // made on the reply thread, so sent from a virtual thread; never answered within the test
            CompletableFuture<CompletableFuture<Object>> madeThere = calc.callAsync("slow", 300).thenApply(v -> calc.callAsync("never"));
            CompletableFuture<Object> never = madeThere.get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> clients.pending() == 1);

            never.cancel(true);

            await().atMost(Duration.ofSeconds(10)).until(() -> clients.pending() == 0);
            assertThat(never).isCancelled();
        }
    }
}
