package farine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
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
import farine.rpc.RpcCaller;
import farine.rpc.RpcClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Innocent requests delivered together with one whose reply kills what carries it (docs/reliability.md, scenario 13):
 * in ordered mode a method's replies share the request channel, so when the broker ends it for the poison reply the
 * requests answered beside it come back with it, at each death. They must be answered, not dropped with it. On the
 * private node with {@code max_message_size} 1 MiB (as {@link ReplyFaultIT}).
 */
class InnocentRepliesIT {

    private static final int BROKER_LIMIT = 1 << 20;
    private static final long BROKER_DEFAULT = 134_217_728L;
    private static final int BURSTS = 3;
    private static final int INNOCENTS = 12; // on each side of the poison
    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    private static PrivateRabbit rabbit;
    private static Container container;
    private static RpcClients clients;
    private static Connection connection;

    @BeforeAll
    static void start() throws Exception {
        rabbit = PrivateRabbit.get();
        rabbit.ctl("eval", "application:set_env(rabbit, max_message_size, " + BROKER_LIMIT + ").");
        LOGS.start();
        ((Logger) LoggerFactory.getLogger("farine")).addAppender(LOGS);
        container = Container.create(Config.of(Map.of(
                "DEFAULT", Map.of("amqp_uri", rabbit.uri(), "connect_timeout", "60s", "shutdown_timeout", "10s"),
                "bulky", Map.of("concurrency", "32"),
                "unbounded", Map.of("concurrency", "32", "max_reply_size", String.valueOf(4 * BROKER_LIMIT)))),
                List.of(Bulky.class, Unbounded.class));
        container.start();
        clients = RpcClients.connect(rabbit.uri());
        connection = rabbit.connect("innocent-test");
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
        if (rabbit != null) {
            rabbit.ctl("eval", "application:set_env(rabbit, max_message_size, " + BROKER_DEFAULT + ").");
        }
    }

    /** 541: the broker closes the serving connection twice for each forged reply; only the forged requests are dropped. */
    @Test
    void innocentCallsBesideAForgedReplyToAreAnswered() throws Exception {
        RpcCaller bulky = clients.caller("bulky").withTimeout(WITHIN);
        int dropsBefore = drops().size();
        List<String> forged = new ArrayList<>();
        List<CompletableFuture<Object>> innocents = new ArrayList<>();
        for (int burst = 0; burst < BURSTS; burst++) {
            for (int i = 0; i < INNOCENTS; i++) {
                innocents.add(bulky.callAsync("blob", "innocent-541-" + burst + "-" + i, 10));
            }
            String id = UUID.randomUUID().toString().replace("-", "");
            forged.add(id);
            try (Channel channel = connection.createChannel()) {
                channel.basicPublish("bulky", "bulky__blob", new AMQP.BasicProperties.Builder().contentType("application/json")
                        .correlationId(id).replyTo(ReplyFaultIT.FORGED_REPLY_TO).build(),
                        ("{\"args\": [\"innocent-541-forged-" + burst + "\", 10], \"kwargs\": {}}").getBytes(StandardCharsets.UTF_8));
            }
            for (int i = INNOCENTS; i < 2 * INNOCENTS; i++) {
                innocents.add(bulky.callAsync("blob", "innocent-541-" + burst + "-" + i, 10));
            }
            await().atMost(WITHIN).alias("the drop of forged request " + burst)
                    .until(() -> drops().stream().anyMatch(m -> m.contains("correlation_id=" + id)));
        }
        // before waiting for the innocents: a dropped one would only time out
        assertThat(drops().subList(dropsBefore, drops().size())).as("requests dropped").hasSize(BURSTS)
                .allSatisfy(m -> assertThat(m).contains("541").containsAnyOf(forged.stream().map(id -> "correlation_id=" + id).toArray(String[]::new)));
        assertThat(failures(innocents)).as("innocent calls not answered").isEmpty();
        for (int burst = 0; burst < BURSTS; burst++) {
            assertThat(Bulky.runs("innocent-541-forged-" + burst)).isEqualTo(2);
        }
    }

    /** 406: the broker closes the method's channel twice for each reply over its limit; only those requests are dropped. */
    @Test
    void innocentCallsBesideAReplyOverTheBrokersLimitAreAnswered() {
        RpcCaller unbounded = clients.caller("unbounded").withTimeout(WITHIN);
        int dropsBefore = drops().size();
        List<CompletableFuture<Object>> innocents = new ArrayList<>();
        for (int burst = 0; burst < BURSTS; burst++) {
            for (int i = 0; i < INNOCENTS; i++) {
                innocents.add(unbounded.callAsync("blob", "innocent-406-" + burst + "-" + i, 10 + i));
            }
            String big = "innocent-406-big-" + burst;
            unbounded.callAsync("blob", big, 2 * BROKER_LIMIT);
            for (int i = INNOCENTS; i < 2 * INNOCENTS; i++) {
                innocents.add(unbounded.callAsync("blob", "innocent-406-" + burst + "-" + i, 10 + i));
            }
            int expected = burst + 1;
            await().atMost(WITHIN).alias("the drop of the request whose reply the broker refuses, " + burst)
                    .until(() -> drops().size() - dropsBefore >= expected && Bulky.runs("unbounded:" + big) >= 2);
        }
        assertThat(drops().subList(dropsBefore, drops().size())).as("requests dropped").hasSize(BURSTS)
                .allSatisfy(m -> assertThat(m).contains("unbounded.blob").contains("406"));
        assertThat(failures(innocents)).as("innocent calls not answered").isEmpty();
        for (int burst = 0; burst < BURSTS; burst++) {
            assertThat(Bulky.runs("unbounded:innocent-406-big-" + burst)).isEqualTo(2);
        }
    }

    private static List<String> failures(List<CompletableFuture<Object>> calls) {
        List<String> failed = new ArrayList<>();
        for (CompletableFuture<Object> call : calls) {
            try {
                call.join();
            } catch (CompletionException e) {
                failed.add(String.valueOf(e.getCause()));
            }
        }
        return failed;
    }

    private static List<String> drops() {
        synchronized (LOGS.list) {
            return LOGS.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("request dropped, not run again")).toList();
        }
    }
}
