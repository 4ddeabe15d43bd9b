package farine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.Config;
import farine.Container;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A memory alarm on the private node (docs/rpc.md, docs/reliability.md): the broker stops reading from every connection
 * that publishes, so an RPC server's serving connection ({@code farine-serve}), which publishes its replies, is blocked
 * until the alarm clears; the consuming connection never publishes, so {@code @Consume} deliveries and their
 * acknowledgements go on meanwhile. Were requests consumed and answered on the consuming connection, its first reply
 * would block it, and the {@code @Consume} queue would stop draining at its prefetch.
 */
class AlarmIT {

    private static final int ITEMS = 300;

    @Test
    void underAMemoryAlarmConsumeDrainsWhileTheBlockedServingConnectionHoldsTheReply() throws Exception {
        PrivateRabbit rabbit = PrivateRabbit.get();
        String watermark = rabbit.ctl("eval", "vm_memory_monitor:get_vm_memory_high_watermark().").trim();
        Container container = Container.create(Config.of(Map.of(
                "DEFAULT", Map.of("amqp_uri", rabbit.uri(), "connect_timeout", "60s", "shutdown_timeout", "5s"))), List.of(Alarmed.class));
        container.start();
        try (Connection raw = rabbit.connect("alarm-test"); Channel ch = raw.createChannel()) {
            String replies = ch.queueDeclare().getQueue();
            ch.queuePurge(Alarmed.WORK);
            // before the alarm (a publisher is blocked during it): more work than the handler's prefetch, and one call
            for (int i = 0; i < ITEMS; i++) {
                ch.basicPublish(Alarmed.WORK, Alarmed.WORK, null, ("\"item " + i + "\"").getBytes(StandardCharsets.UTF_8));
            }
            ch.basicPublish("alarmed", "alarmed__hold", new AMQP.BasicProperties.Builder().contentType("application/json")
                    .correlationId("alarm-1").replyTo(replies).headers(Map.of("x-farine-single-reply", true)).build(),
                    "{\"args\":[\"a\"],\"kwargs\":{}}".getBytes(StandardCharsets.UTF_8));
            Alarmed.RPC_ENTERED.await();
            Alarmed.WORK_ENTERED.await();

            rabbit.ctl("set_vm_memory_high_watermark", "0.0000001");
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> rabbit.ctl("eval", "rabbit_alarm:get_alarms().").contains("memory"));
                // the reply is published: the broker blocks the serving connection and does not read it
                Alarmed.RPC_RELEASE.countDown();
                await().atMost(Duration.ofSeconds(30)).until(() -> state("farine-serve [alarmed]", rabbit).equals("blocked"));

                // meanwhile the consuming connection takes and acknowledges every item
                Alarmed.WORK_RELEASE.countDown();
                await().atMost(Duration.ofSeconds(30)).until(() -> Alarmed.WORKED.get() == ITEMS && ch.messageCount(Alarmed.WORK) == 0
                        && unacknowledged(Alarmed.WORK, rabbit) == 0);
                assertThat(state("farine-consume [alarmed]", rabbit)).isNotEqualTo("blocked");
                assertThat(ch.messageCount(replies)).as("the reply, held with its connection").isZero();
            } finally {
                rabbit.ctl("set_vm_memory_high_watermark", watermark);
            }
            // the alarm clears: the reply goes out
            await().atMost(Duration.ofSeconds(30)).until(() -> ch.messageCount(replies) == 1);
            assertThat(new String(ch.basicGet(replies, true).getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"body\":\"held a\",\"__end__\":false}");
        } finally {
            Alarmed.RPC_RELEASE.countDown();
            Alarmed.WORK_RELEASE.countDown();
            container.stop();
        }
    }

    /** The broker's state of the connection named {@code name}: running, blocking, blocked, flow. */
    private static String state(String name, PrivateRabbit rabbit) {
        return rabbit.ctl("list_connections", "--no-table-headers", "client_properties", "state").lines()
                .filter(line -> line.contains(name)).map(line -> line.substring(line.lastIndexOf('\t') + 1).trim())
                .findFirst().orElse("none");
    }

    private static long unacknowledged(String queue, PrivateRabbit rabbit) {
        return rabbit.ctl("list_queues", "--no-table-headers", "name", "messages_unacknowledged").lines()
                .filter(line -> line.startsWith(queue + "\t")).mapToLong(line -> Long.parseLong(line.substring(line.indexOf('\t') + 1).trim()))
                .findFirst().orElse(-1);
    }
}
