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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Ordered replies (the default) on the real broker: an RPC server consumes its requests on a connection of their own,
 * {@code farine-serve [svc]}, and publishes each reply, then acknowledges its request, on the channel the request came
 * on. The broker handles a channel's commands in order, so a reply lost with its connection takes its acknowledgement
 * with it: the request is delivered again and its caller is answered once.
 */
class OrderedRepliesIT {

    private static final String SERVICE = "rpcit_held";

    @Test
    void aReplyLostWithTheServingConnectionLeavesItsRequestToBeServedAgainAndAnsweredOnce() throws Exception {
        if (!Broker.VHOST.isPrivate()) {
            throw new IllegalStateException("this test closes connections and needs a private vhost (rabbitmqctl on the broker host)");
        }
        try (LogCapture log = new LogCapture(); Container server = Broker.start(Held.class); Connection raw = Broker.connect();
                Channel ch = raw.createChannel()) {
            String replies = ch.queueDeclare().getQueue();
            // no deadline, as from an original Python caller: nothing but the redelivery answers it
            ch.basicPublish(SERVICE, SERVICE + "__hold", new AMQP.BasicProperties.Builder().contentType("application/json")
                    .correlationId("held-1").replyTo(replies).headers(Map.of("x-farine-single-reply", true)).build(),
                    "{\"args\":[\"a\"],\"kwargs\":{}}".getBytes(StandardCharsets.UTF_8));
            Held.ENTERED.await();

            // the connection dies while the method runs: the broker requeues the request (it was not acknowledged)
            assertThat(Broker.VHOST.closeConnections("farine-serve [" + SERVICE + "]")).isEqualTo(1);
            // polled every 5 ms: the release must come well within the client's 1 s before it reconnects
            await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10))
                    .until(() -> !log.containing("lost; recovering (farine-serve [" + SERVICE + "]").isEmpty());
            // the method returns before the client reconnects (1 s later): its reply cannot be written, nor its ack
            Held.RELEASE.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> !log.containing("not published (correlation_id=held-1)").isEmpty());

            // after the recovery the request comes again, runs again, and its one reply arrives
            List<GetResponse> got = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                GetResponse r = ch.basicGet(replies, true);
                if (r != null) {
                    got.add(r);
                }
                return !got.isEmpty();
            });
            assertThat(Held.RUNS.get()).isEqualTo(2);
            assertThat(got.getFirst().getProps().getCorrelationId()).isEqualTo("held-1");
            assertThat(new String(got.getFirst().getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"body\":\"held a\",\"__end__\":false}");
            // answered once: no second reply (the lost one never reached the broker), no third run
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> ch.messageCount(replies) == 0);
            assertThat(Held.RUNS.get()).isEqualTo(2);

            // acknowledged this time: after the server stops, nothing goes back to the queue
            server.stop();
            assertThat(ch.messageCount(SERVICE + "__hold")).isZero();
        }
    }

    @Test
    void repliesGoOutOnTheServingConnectionsConsumerChannelsNeverOnThePublishingConnection() throws Exception {
        if (!Broker.VHOST.isPrivate()) {
            throw new IllegalStateException("this test reads the broker's connections and channels and needs a private vhost");
        }
        int calls = 20;
        int chars = 60_000;
        try (Container server = Broker.start(Held.class);
                Connection raw = Broker.connect(); Channel ch = raw.createChannel()) {
            Map<String, String> pids = BrokerConnections.of(SERVICE, "consume", "publish", "serve");
            assertThat(pids).containsOnlyKeys("consume", "publish", "serve");
            Map<String, Long> before = BrokerConnections.received(pids);

            String replies = ch.queueDeclare().getQueue();
            for (int i = 0; i < calls; i++) {
                ch.basicPublish(SERVICE, SERVICE + "__big", new AMQP.BasicProperties.Builder().contentType("application/json")
                        .correlationId("big-" + i).replyTo(replies).headers(Map.of("x-farine-single-reply", true)).build(),
                        ("{\"args\":[" + chars + "],\"kwargs\":{}}").getBytes(StandardCharsets.UTF_8));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ch.messageCount(replies) == calls);
            Map<String, Long> after = BrokerConnections.received(pids);

            // the reply bytes came in on the serving connection; the publishing one carried none of them
            assertThat(after.get("serve") - before.get("serve")).as("bytes the broker read on farine-serve").isGreaterThan((long) calls * chars);
            assertThat(after.get("publish") - before.get("publish")).as("bytes the broker read on farine-publish").isLessThan(10_000);
            // and every channel there is a consumer's (the two methods' and the ping's), none in confirm mode: each
            // reply went out on the channel its request came on, with its acknowledgement after it
            List<List<String>> serving = Broker.VHOST.list("list_channels", "connection", "consumer_count", "confirm", "messages_unacknowledged")
                    .stream().filter(row -> row.getFirst().equals(pids.get("serve"))).toList();
            assertThat(serving).hasSize(3).allSatisfy(row -> {
                assertThat(row.get(1)).as("consumers on %s", row).isEqualTo("1");
                assertThat(row.get(2)).as("confirm mode of %s", row).isEqualTo("false");
                assertThat(row.get(3)).as("unacknowledged on %s", row).isEqualTo("0");
            });
            assertThat(Broker.VHOST.list("list_channels", "connection").stream().filter(row -> row.getFirst().equals(pids.get("consume"))))
                    .as("channels on farine-consume: none, the service has no @Consume method").isEmpty();
        }
    }
}
