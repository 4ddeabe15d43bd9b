package farine.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import farine.Container;
import farine.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 item 8 on the real broker, with {@code reply_confirm = true}: a request is acknowledged only once the broker
 * has taken its reply. A reply queue that refuses the reply ({@code x-overflow = reject-publish} while full: the broker
 * answers the publish with a {@code basic.nack}) leaves the request in its queue, served once more; refused again, the
 * request is dropped with a WARN, so that such a queue cannot make the method run without end (it ran ~900 times a
 * second). With ordered replies (the default, OrderedRepliesIT) the request is acked right after its reply is written,
 * the broker drops the refused reply without a word, and the caller never hears back: this test then fails at the
 * first {@code await}. The opt-in keeps the service on its consuming and publishing connections, as before ordered
 * replies: no serving connection.
 */
class ReplyConfirmIT {

    private static final String REPLIES = "rpcit_confirm_replies";

    private static Container server;
    private static Connection raw;

    @BeforeAll
    static void start() throws Exception {
        server = Broker.start(Broker.config(Map.of("rpcit_strict", Map.of("reply_confirm", "true"))), Strict.class);
        raw = Broker.connect();
    }

    @AfterAll
    static void stop() throws Exception {
        if (raw != null) {
            raw.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void theOptInServesOnTheConsumingConnectionAndRepliesOnThePublishingOneWithoutAServingConnection() {
        if (!Broker.VHOST.isPrivate()) {
            throw new IllegalStateException("this test reads the broker's connections and needs a private vhost");
        }
        List<List<String>> connections = Broker.VHOST.list("list_connections", "pid", "vhost", "client_properties").stream()
                .filter(row -> row.get(1).equals(Broker.VHOST.name()) && row.get(2).contains("[rpcit_strict]")).toList();
        assertThat(connections).extracting(row -> row.get(2).replaceAll(".*(farine-[a-z]+ \\[rpcit_strict\\]).*", "$1"))
                .containsExactlyInAnyOrder("farine-consume [rpcit_strict]", "farine-publish [rpcit_strict]");
        String publishing = connections.stream().filter(row -> row.get(2).contains("farine-publish")).findFirst().orElseThrow().getFirst();
        // the reply channels (one per method): on the publishing connection, in confirm mode, consuming nothing; and the
        // channel the pings are answered on, without confirms (pingsAreAnsweredOnThePublishingConnection...)
        assertThat(Broker.VHOST.list("list_channels", "connection", "confirm", "consumer_count").stream()
                .filter(row -> row.get(0).equals(publishing)).map(row -> row.get(1) + " " + row.get(2)).toList())
                .containsExactlyInAnyOrder("true 0", "true 0", "true 0", "true 0", "true 0", "false 0");
    }

    @Test
    void pingsAreAnsweredOnThePublishingConnectionTheConsumingOneNeverPublishes() throws Exception {
        if (!Broker.VHOST.isPrivate()) {
            throw new IllegalStateException("this test reads the broker's connections and needs a private vhost");
        }
        Map<String, String> pids = BrokerConnections.of("rpcit_strict", "consume", "publish");
        assertThat(pids).containsOnlyKeys("consume", "publish");
        Map<String, Long> before = BrokerConnections.received(pids);
        int pings = 300;
        try (Channel ch = raw.createChannel()) {
            String replies = ch.queueDeclare().getQueue();
            for (int i = 0; i < pings; i++) {
                ch.basicPublish("rpcit_strict", "rpcit_strict__farine.ping", new AMQP.BasicProperties.Builder()
                        .correlationId("ping-" + i).replyTo(replies).build(), new byte[0]);
            }
            // each ping is answered with an item and an __end__
            await().atMost(Duration.ofSeconds(30)).until(() -> ch.messageCount(replies) == 2L * pings);
        }
        Map<String, Long> after = BrokerConnections.received(pids);
        // the answers (~100 bytes a frame) came in on the publishing connection: under a memory or disk alarm the broker
        // blocks a connection once it publishes, and a blocked consuming connection would stall every @Consume delivery
        assertThat(after.get("consume") - before.get("consume")).as("bytes the broker read on farine-consume").isLessThan(5_000);
        assertThat(after.get("publish") - before.get("publish")).as("bytes the broker read on farine-publish").isGreaterThan(2L * pings * 50);
    }

    @Test
    void aReplyTheBrokerRefusesRequeuesItsRequestOnceAndARefusalAgainDropsIt() throws Exception {
        try (Channel ch = raw.createChannel(); LogCapture log = new LogCapture()) {
            // a reply queue of one message, full: every publish to it is refused (nacked) until it is drained
            ch.queueDeclare(REPLIES, false, true, true, Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
            ch.basicPublish("", REPLIES, null, "filler".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(10)).until(() -> ch.messageCount(REPLIES) == 1);
            int runsBefore = Strict.RUNS.get();

            // no deadline (as from an original Python caller): nothing else would ever end the retries
            ch.basicPublish("rpcit_strict", "rpcit_strict__add", new AMQP.BasicProperties.Builder()
                    .contentType("application/json").correlationId("confirm-1").replyTo(REPLIES)
                    .headers(Map.of("x-farine-single-reply", true)).build(),
                    "{\"args\":[20,22],\"kwargs\":{}}".getBytes(StandardCharsets.UTF_8));

            // the refused reply is said, and the request is served again rather than acked
            await().atMost(Duration.ofSeconds(10)).until(() -> !log.containing("reply to " + REPLIES + " not published (correlation_id=confirm-1)").isEmpty());
            // refused again after its redelivery: dropped (acked), said once; the method does not run a third time
            // (it ran ~900 times a second, with a WARN line each, for as long as the reply queue refused)
            await().atMost(Duration.ofSeconds(10)).until(() -> !log.containing("refused by the broker again (correlation_id=confirm-1)").isEmpty());
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> Strict.RUNS.get() - runsBefore == 2);
            assertThat(log.containing("not published (correlation_id=confirm-1)")).hasSize(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> ch.messageCount("rpcit_strict__add") == 0);

            // with room in the reply queue, a request's reply is taken, confirmed, and only then the request acked
            GetResponse filler = ch.basicGet(REPLIES, true);
            assertThat(new String(filler.getBody(), StandardCharsets.UTF_8)).isEqualTo("filler");
            assertThat(ch.basicGet(REPLIES, true)).as("no reply to confirm-1 got through").isNull();
            ch.basicPublish("rpcit_strict", "rpcit_strict__add", new AMQP.BasicProperties.Builder()
                    .contentType("application/json").correlationId("confirm-2").replyTo(REPLIES)
                    .headers(Map.of("x-farine-single-reply", true)).build(),
                    "{\"args\":[20,22],\"kwargs\":{}}".getBytes(StandardCharsets.UTF_8));
            AtomicReference<GetResponse> reply = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                reply.set(ch.basicGet(REPLIES, true));
                return reply.get() != null;
            });
            assertThat(reply.get().getProps().getCorrelationId()).isEqualTo("confirm-2");
            assertThat(new String(reply.get().getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"body\":42,\"__end__\":false}");
            await().atMost(Duration.ofSeconds(10)).until(() -> ch.messageCount("rpcit_strict__add") == 0);
            assertThat(Strict.RUNS.get() - runsBefore).isEqualTo(3);
            assertThat(ch.basicGet(REPLIES, true)).isNull();
        }
    }
}
