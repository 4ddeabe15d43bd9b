package farine.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.Container;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A method returning a {@code Flow.Publisher} that stalls (never emits again, never completes) cannot
 * hold a stopping container: the worker waits for items interruptibly, so stop returns within
 * {@code shutdown_timeout} plus the interrupt grace, and the worker's thread ends.
 */
class StalledPublisherIT {

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(1);
    // the container's grace after interrupting (3 s at most) plus closing the connection
    private static final Duration MARGIN = Duration.ofSeconds(5);

    private static RpcClients clients;
    private static Connection raw;

    @BeforeAll
    static void connect() throws Exception {
        clients = RpcClients.connect(Broker.uri());
        raw = Broker.connect();
    }

    @AfterAll
    static void close() throws Exception {
        if (clients != null) {
            clients.close();
        }
        if (raw != null) {
            raw.close();
        }
    }

    @BeforeEach
    void freshState() throws Exception {
        Stalling.CANCELLED.set(new CountDownLatch(1));
        Stalling.WORKER.set(null);
        // a request left by another test (a kill requeues it) would run again on the next server
        purge("oneThenNothing");
        purge("nothing");
    }

    private static Container server() {
        return Broker.start(Broker.config(Map.of("DEFAULT", Map.of("shutdown_timeout", SHUTDOWN_TIMEOUT.toMillis() + "ms"))),
                Stalling.class);
    }

    private static long waiting(String method) throws Exception {
        try (Channel channel = raw.createChannel()) {
            return channel.queueDeclarePassive("dbauth_stall__" + method).getMessageCount();
        }
    }

    private static void purge(String method) throws Exception {
        try (Channel channel = raw.createChannel()) {
            // declared as the server declares it (PROTOCOL.md §1), so that purging works before the first server
            channel.queueDeclare("dbauth_stall__" + method, true, false, false, null);
            channel.queuePurge("dbauth_stall__" + method);
        }
    }

    @Test
    void stoppingWhileAPublisherStallsAfterOneItemEndsTheCallerStreamWithAnErrorAndDoesNotRunItAgain() throws Exception {
        Container server = server();
        try (Stream<Object> items = clients.caller("dbauth_stall").withTimeout(Duration.ofSeconds(30)).stream("oneThenNothing")) {
            Iterator<Object> it = items.iterator();
            assertThat(it.next()).isEqualTo("first");
            Thread worker = Stalling.WORKER.get();
            assertThat(worker.isAlive()).isTrue();

            Duration took = timed(server::stop);

            assertThat(took).isLessThan(SHUTDOWN_TIMEOUT.plus(MARGIN));
            await().atMost(Duration.ofSeconds(2)).until(() -> !worker.isAlive());
            assertThat(Stalling.CANCELLED.get().await(2, TimeUnit.SECONDS)).as("subscription cancelled").isTrue();
            // items went out, so running it again would repeat them: the caller learns its stream is cut short
            assertThatThrownBy(it::hasNext).isInstanceOf(RemoteException.class)
                    .hasMessageContaining("stopped").hasMessageContaining("1 item");
        }
        assertThat(waiting("oneThenNothing")).as("not requeued").isZero();
        assertThat(clients.pending()).isZero();
    }

    @Test
    void stoppingWhileAPublisherStallsBeforeItsFirstItemRequeuesTheRequest() throws Exception {
        Container server = server();
        var call = clients.caller("dbauth_stall").withTimeout(Duration.ofSeconds(30)).callAsync("nothing");
        await().atMost(Duration.ofSeconds(10)).until(() -> Stalling.WORKER.get() != null && Stalling.WORKER.get().isAlive());
        Thread worker = Stalling.WORKER.get();

        Duration took = timed(server::stop);

        assertThat(took).isLessThan(SHUTDOWN_TIMEOUT.plus(MARGIN));
        await().atMost(Duration.ofSeconds(2)).until(() -> !worker.isAlive());
        assertThat(Stalling.CANCELLED.get().await(2, TimeUnit.SECONDS)).as("subscription cancelled").isTrue();
        // nothing was sent: the request goes back to the queue for another server (docs/rpc.md, at least once)
        await().atMost(Duration.ofSeconds(5)).until(() -> waiting("nothing") == 1);
        assertThat(call).isNotDone();
        call.cancel(true);
        purge("nothing");
    }

    @Test
    void killingWhileAPublisherStallsReturnsAtOnceAndEndsTheWorker() throws Exception {
        Container server = server();
        try (Stream<Object> items = clients.caller("dbauth_stall").withTimeout(Duration.ofSeconds(30)).stream("oneThenNothing")) {
            Iterator<Object> it = items.iterator();
            assertThat(it.next()).isEqualTo("first");
            Thread worker = Stalling.WORKER.get();

            Duration took = timed(server::kill);

            assertThat(took).isLessThan(MARGIN);
            await().atMost(Duration.ofSeconds(3)).until(() -> !worker.isAlive());
            assertThat(server.stopped()).isDone();
        }
    }

    private static Duration timed(Runnable action) {
        long began = System.nanoTime();
        action.run();
        return Duration.ofNanos(System.nanoTime() - began);
    }
}
