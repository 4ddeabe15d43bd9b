package farine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.Config;
import farine.Container;
import farine.rpc.RemoteException;
import farine.rpc.RpcCaller;
import farine.rpc.RpcClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Replies the broker would refuse (docs/reliability.md, scenario 13), on the private node with its
 * {@code max_message_size} set to 1 MiB: a reply over the service's {@code max_reply_size} becomes an error reply
 * before it is published; one over the broker's limit (a service whose ceiling is above it) makes the broker close the
 * channel, which is said at ERROR and replaced; a reply to a forged direct reply-to name makes RabbitMQ 3.10 close the
 * whole serving connection, and the request is dropped after the second time instead of coming back for ever.
 */
class ReplyFaultIT {

    private static final int KIB = 1 << 10;
    private static final int BROKER_LIMIT = 1024 * KIB;
    private static final int CEILING = 512 * KIB;
    private static final long BROKER_DEFAULT = 134_217_728L;
    private static final Duration WITHIN = Duration.ofSeconds(60);
    /**
     * A direct reply-to name as RabbitMQ 3.10 makes them ({@code pid_recomposition} of a channel's pid, base64, then a
     * key), naming node {@code reply@12345}, a hash no running node has.
     */
    static final String FORGED_REPLY_TO = "amq.rabbitmq.reply-to.g1h2AAtyZXBseUAxMjM0NQAAAAkAAAAAAAAAAA==.MDEyMzQ1Njc4OWFiY2RlZg==";

    private static PrivateRabbit rabbit;
    private static Container container;
    private static RpcClients clients;
    private static Connection connection;
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    private static final Figures FIGURES = new Figures("13 replies the broker refuses");

    @BeforeAll
    static void start() throws Exception {
        rabbit = PrivateRabbit.get();
        // read by each channel when it opens: the service's channels, opened below, see 1 MiB
        rabbit.ctl("eval", "application:set_env(rabbit, max_message_size, " + BROKER_LIMIT + ").");
        LOGS.start();
        ((Logger) LoggerFactory.getLogger("farine")).addAppender(LOGS);
        container = Container.create(Config.of(Map.of(
                "DEFAULT", Map.of("amqp_uri", rabbit.uri(), "connect_timeout", "60s", "shutdown_timeout", "10s"),
                "bulky", Map.of("max_reply_size", String.valueOf(CEILING)),
                "unbounded", Map.of("max_reply_size", String.valueOf(4 * BROKER_LIMIT)),
                "confirmed", Map.of("max_reply_size", String.valueOf(4 * BROKER_LIMIT), "reply_confirm", "true"))),
                List.of(Bulky.class, Unbounded.class, Confirmed.class));
        container.start();
        clients = RpcClients.connect(rabbit.uri());
        connection = rabbit.connect("reply-fault-test");
    }

    @AfterAll
    static void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger("farine")).detachAppender(LOGS);
        if (clients != null) {
            clients.close();
        }
        if (connection != null) {
            connection.abort();
        }
        if (container != null) {
            container.stop();
        }
        rabbit.ctl("eval", "application:set_env(rabbit, max_message_size, " + BROKER_DEFAULT + ").");
    }

    @Test
    void aReplyOverMaxReplySizeIsAnErrorAndTheMethodKeepsServing() {
        RpcCaller bulky = clients.caller("bulky").withTimeout(WITHIN);
        int size = 600 * KIB;
        assertThatThrownBy(() -> bulky.call(String.class, "blob", "large", size))
                .isInstanceOf(RemoteException.class)
                .hasMessageContaining("reply of " + (size + "{\"body\":\"\",\"__end__\":false}".length()) + " bytes exceeds max_reply_size = "
                        + CEILING + " bytes");
        assertThat(bulky.call(String.class, "blob", "small", 10)).isEqualTo("x".repeat(10));
        assertThat(lines(Level.WARN, m -> m.contains("bulky.blob: reply of"))).hasSize(1);
        assertThat(lines(Level.ERROR, m -> m.contains("bulky__blob"))).as("channel errors").isEmpty();
        FIGURES.put("reply of 600 KiB, max_reply_size 512 KiB", "RemoteException naming size and limit; the next call answered");
    }

    @Test
    void aStreamItemOverMaxReplySizeEndsTheStreamWithAnError() {
        RpcCaller bulky = clients.caller("bulky").withTimeout(WITHIN);
        Iterator<Object> items = bulky.stream("items", 3, 1000, 600 * KIB).iterator();
        for (int i = 0; i < 3; i++) {
            assertThat(items.next()).isEqualTo("y".repeat(1000));
        }
        assertThatThrownBy(items::hasNext).isInstanceOf(RemoteException.class)
                .hasMessageContaining("stream item 4 of").hasMessageContaining("exceeds max_reply_size = " + CEILING)
                .hasMessageContaining("after 3 item(s)");
        assertThat(bulky.call(String.class, "blob", "after-stream", 10)).isEqualTo("x".repeat(10));
        FIGURES.put("stream item of 600 KiB after 3 small ones", "3 items, then RemoteException; the next call answered");
    }

    /**
     * A service whose ceiling is above the broker's: the broker closes the channel for the reply (406), the method
     * says so at ERROR and consumes again on a new channel; the request, delivered again, does it once more and is
     * then dropped; the next call is answered.
     */
    @Test
    void aChannelTheBrokerClosesIsReopenedAndItsRequestDroppedAfterTheSecondTime() {
        RpcCaller unbounded = clients.caller("unbounded").withTimeout(WITHIN);
        int lostBefore = lines(Level.WARN, m -> m.contains("lost; recovering")).size();
        long began = System.nanoTime();
        unbounded.callAsync("blob", "big", 2 * BROKER_LIMIT);
        await().atMost(WITHIN).alias("the drop of the request whose reply the broker refuses")
                .until(() -> !lines(Level.WARN, m -> m.contains("unbounded.blob: request dropped, not run again")).isEmpty());
        long millis = (System.nanoTime() - began) / 1_000_000;
        List<String> closed = lines(Level.ERROR, m -> m.contains("the broker closed the channel consuming from queue 'unbounded__blob'"));
        assertThat(closed).hasSize(2).allSatisfy(m -> assertThat(m).contains("PRECONDITION_FAILED").contains("max size"));
        await().atMost(WITHIN).until(() -> lines(Level.INFO, m -> m.contains("consuming from queue 'unbounded__blob' again")).size() == 2);
        assertThat(Bulky.runs("unbounded:big")).isEqualTo(2);
        assertThat(unbounded.call(String.class, "blob", "small", 10)).isEqualTo("x".repeat(10));
        assertThat(Bulky.runs("unbounded:big")).as("runs of the dropped request").isEqualTo(2);
        assertThat(lines(Level.WARN, m -> m.contains("lost; recovering"))).as("connections lost").hasSize(lostBefore);
        FIGURES.put("reply of 2 MiB over the broker's 1 MiB (max_reply_size 4 MiB)", "channel closed by the broker twice (2 ERROR lines,"
                + " consuming again each time), request run twice then dropped (1 WARN) in " + millis + " ms; the next call answered");
    }

    /** The same with {@code reply_confirm = true}: the reply channel, on the publishing connection, is the one replaced. */
    @Test
    void aReplyChannelTheBrokerClosesIsReplacedAndItsRequestDroppedAfterTheSecondTime() {
        RpcCaller confirmed = clients.caller("confirmed").withTimeout(WITHIN);
        int closedBefore = lines(Level.ERROR, m -> m.contains("the broker closed the reply channel")).size();
        long began = System.nanoTime();
        confirmed.callAsync("blob", "big", 2 * BROKER_LIMIT);
        await().atMost(WITHIN).alias("the drop of the request whose reply the broker refuses")
                .until(() -> !lines(Level.WARN, m -> m.contains("confirmed.blob: request dropped, not run again")).isEmpty());
        long millis = (System.nanoTime() - began) / 1_000_000;
        assertThat(lines(Level.ERROR, m -> m.contains("the broker closed the reply channel")).subList(closedBefore, closedBefore + 2))
                .allSatisfy(m -> assertThat(m).contains("406").contains("max size"));
        assertThat(Bulky.runs("confirmed:big")).isEqualTo(2);
        // a new reply channel opened inside a held socket flush once waited 10 s for the broker's answer
        assertThat(millis).as("ms to the drop").isLessThan(9_000);
        assertThat(confirmed.call(String.class, "blob", "small", 10)).isEqualTo("x".repeat(10));
        assertThat(Bulky.runs("confirmed:big")).as("runs of the dropped request").isEqualTo(2);
        FIGURES.put("the same with reply_confirm = true", "reply channel closed by the broker twice (2 ERROR lines, a new one each time),"
                + " request run twice then dropped (1 WARN) in " + millis + " ms; the next call answered");
    }

    /**
     * A request whose reply_to is a direct reply-to name of a node that does not exist: RabbitMQ 3.10 closes the serving
     * connection (541) for its reply, twice, then the request is dropped; no more connection is lost after that.
     */
    @Test
    void aForgedDirectReplyToEndsInADropNotALoop() throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        int lostBefore = lines(Level.WARN, m -> m.contains("lost; recovering")).size();
        long began = System.nanoTime();
        try (Channel channel = connection.createChannel()) {
            channel.basicPublish("bulky", "bulky__blob", new AMQP.BasicProperties.Builder().contentType("application/json")
                    .correlationId(id).replyTo(FORGED_REPLY_TO).build(),
                    "{\"args\": [\"forged\", 10], \"kwargs\": {}}".getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(WITHIN).alias("the drop of the request with a forged reply_to")
                .until(() -> !lines(Level.WARN, m -> m.contains("request dropped, not run again (correlation_id=" + id)).isEmpty());
        long millis = (System.nanoTime() - began) / 1_000_000;
        int lost = lines(Level.WARN, m -> m.contains("lost; recovering")).size();
        assertThat(lost - lostBefore).as("connections lost (the serving one)").isEqualTo(2);
        assertThat(lines(Level.WARN, m -> m.contains("request dropped, not run again (correlation_id=" + id)).get(0))
                .contains("541");
        // no loop: the request is gone, the connection stays up, the method answers
        assertThat(clients.caller("bulky").withTimeout(WITHIN).call(String.class, "blob", "after-forged", 10)).isEqualTo("x".repeat(10));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> lines(Level.WARN, m -> m.contains("lost; recovering")).size() == lost);
        assertThat(Bulky.runs("forged")).as("runs of the forged request").isEqualTo(2);
        FIGURES.put("reply_to " + FORGED_REPLY_TO.substring(0, 30) + "... (a node that does not exist)", "serving connection closed by the"
                + " broker (541) twice, the request run twice then dropped (1 WARN) in " + millis + " ms; no loop, the next call answered");
    }

    private static List<String> lines(Level level, Predicate<String> which) {
        synchronized (LOGS.list) {
            return LOGS.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).filter(which).toList();
        }
    }
}
