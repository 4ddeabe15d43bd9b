package farine.embedded.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Return;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What farine needs from the embedded broker, checked with the plain RabbitMQ client (as a Python
 * service or another farine process would connect): the PROTOCOL.md topology, persistent messages,
 * confirms, nack/requeue, expiration, several clients on the printed URI; and what it refuses.
 * One broker for the class (a start costs seconds); every test uses its own names.
 */
class QpidBrokerIT {

    private static final QpidBroker BROKER = new QpidBroker();
    private static String uri;
    private static Connection connection;

    @BeforeAll
    static void start() throws Exception {
        long began = System.nanoTime();
        uri = BROKER.start(0);
        System.out.println("embedded broker started in " + (System.nanoTime() - began) / 1_000_000 + " ms at " + uri);
        connection = factory().newConnection("qpid-broker-it");
    }

    @AfterAll
    static void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
        BROKER.stop();
    }

    private static ConnectionFactory factory() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }

    @Test
    void the_uri_names_guest_on_the_loopback_address_and_the_bound_port() {
        assertThat(uri).matches("amqp://guest:guest@127\\.0\\.0\\.1:\\d+/");
        assertThat(uri).endsWith(":" + BROKER.port() + "/");
        assertThat(BROKER.port()).isPositive();
    }

    @Test
    void the_protocol_topology_declares_and_redeclares_without_error() throws Exception {
        try (Channel channel = connection.createChannel()) {
            // PROTOCOL.md §1: durable, not auto-delete, not internal exchange; durable, shared, no-argument queue
            channel.exchangeDeclare("orders-topo", BuiltinExchangeType.TOPIC, true, false, false, null);
            channel.queueDeclare("orders-topo.created", true, false, false, null);
            channel.queueBind("orders-topo.created", "orders-topo", "order.*");
            // a second service (or a restart) declares the same again: no 406
            channel.exchangeDeclare("orders-topo", BuiltinExchangeType.TOPIC, true, false, false, null);
            AMQP.Queue.DeclareOk again = channel.queueDeclare("orders-topo.created", true, false, false, null);
            assertThat(again.getQueue()).isEqualTo("orders-topo.created");
            for (BuiltinExchangeType type : List.of(BuiltinExchangeType.DIRECT, BuiltinExchangeType.TOPIC,
                    BuiltinExchangeType.FANOUT, BuiltinExchangeType.HEADERS)) {
                channel.exchangeDeclare("types-" + type.getType(), type, true, false, false, null);
            }
            channel.basicPublish("orders-topo", "order.paid", null, "{}".getBytes(UTF_8));
            await().atMost(Duration.ofSeconds(10)).until(() -> channel.messageCount("orders-topo.created") == 1);
        }
    }

    @Test
    void publish_and_consume_keep_body_and_properties_of_a_persistent_json_message() throws Exception {
        try (Channel publisher = connection.createChannel(); Connection second = factory().newConnection("second-client");
                Channel consumer = second.createChannel()) {
            publisher.exchangeDeclare("pubsub", BuiltinExchangeType.DIRECT, true);
            consumer.queueDeclare("pubsub", true, false, false, null);
            consumer.queueBind("pubsub", "pubsub", "pubsub");
            List<com.rabbitmq.client.Delivery> received = new CopyOnWriteArrayList<>();
            consumer.basicQos(10);
            consumer.basicConsume("pubsub", false, (tag, delivery) -> {
                received.add(delivery);
                consumer.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
            }, tag -> { });
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                    .contentType("application/json").contentEncoding("utf-8").deliveryMode(2).priority(0)
                    .headers(Map.of("x-test", "yes")).correlationId("abc").build();
            for (int i = 0; i < 100; i++) {
                publisher.basicPublish("pubsub", "pubsub", properties, ("{\"n\":" + i + "}").getBytes(UTF_8));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 100);
            com.rabbitmq.client.Delivery first = received.get(0);
            assertThat(new String(first.getBody(), UTF_8)).isEqualTo("{\"n\":0}");
            assertThat(first.getProperties().getDeliveryMode()).isEqualTo(2);
            assertThat(first.getProperties().getContentType()).isEqualTo("application/json");
            assertThat(first.getProperties().getContentEncoding()).isEqualTo("utf-8");
            assertThat(first.getProperties().getCorrelationId()).isEqualTo("abc");
            assertThat(String.valueOf(first.getProperties().getHeaders().get("x-test"))).isEqualTo("yes");
            assertThat(received).extracting(d -> new String(d.getBody(), UTF_8))
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 100).mapToObj(i -> "{\"n\":" + i + "}").toList());
        }
    }

    @Test
    void publisher_confirms_are_supported() throws Exception {
        try (Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.queueDeclare("confirms", true, false, false, null);
            for (int i = 0; i < 50; i++) {
                channel.basicPublish("", "confirms", AMQP_PERSISTENT, "x".getBytes(UTF_8));
            }
            channel.waitForConfirmsOrDie(10_000);
            assertThat(channel.messageCount("confirms")).isEqualTo(50);
        }
    }

    @Test
    void a_nacked_message_comes_back_redelivered_even_without_requeue() throws Exception {
        try (Channel channel = connection.createChannel()) {
            channel.queueDeclare("nacks", true, false, false, null);
            channel.basicPublish("", "nacks", AMQP_PERSISTENT, "again".getBytes(UTF_8));
            GetResponse first = awaitGet(channel, "nacks");
            assertThat(first.getEnvelope().isRedeliver()).isFalse();
            channel.basicNack(first.getEnvelope().getDeliveryTag(), false, true);
            GetResponse second = awaitGet(channel, "nacks");
            assertThat(new String(second.getBody(), UTF_8)).isEqualTo("again");
            assertThat(second.getEnvelope().isRedeliver()).isTrue();
            // a difference from RabbitMQ (docs/embedded.md): without a delivery limit Qpid requeues a message
            // nacked with requeue = false instead of dropping it; farine itself dead-letters by publish + ack
            channel.basicNack(second.getEnvelope().getDeliveryTag(), false, false);
            GetResponse third = awaitGet(channel, "nacks");
            assertThat(new String(third.getBody(), UTF_8)).isEqualTo("again");
            channel.basicAck(third.getEnvelope().getDeliveryTag(), false);
            assertThat(channel.basicGet("nacks", false)).isNull();
        }
    }

    @Test
    void an_unacked_message_is_redelivered_when_its_channel_closes() throws Exception {
        try (Channel channel = connection.createChannel()) {
            channel.queueDeclare("unacked", true, false, false, null);
            Channel worker = connection.createChannel();
            channel.basicPublish("", "unacked", AMQP_PERSISTENT, "work".getBytes(UTF_8));
            assertThat(awaitGet(worker, "unacked")).isNotNull();
            worker.close(); // a consumer that died mid-work: nothing is lost
            GetResponse again = awaitGet(channel, "unacked");
            assertThat(again.getEnvelope().isRedeliver()).isTrue();
            channel.basicAck(again.getEnvelope().getDeliveryTag(), false);
        }
    }

    @Test
    void a_message_with_a_relative_expiration_is_kept_for_the_floor_not_dropped_on_arrival() throws Exception {
        // RabbitMQ reads expiration as a TTL from now, Qpid as an absolute time: without the floor
        // "1" and "30000" (an RPC request's) would both be long past and the messages dropped at once
        try (Channel channel = connection.createChannel()) {
            channel.queueDeclare("expiring", true, false, false, null);
            channel.basicPublish("", "expiring", new AMQP.BasicProperties.Builder().expiration("1").build(), "short".getBytes(UTF_8));
            channel.basicPublish("", "expiring", new AMQP.BasicProperties.Builder().expiration("30000").build(), "rpc".getBytes(UTF_8));
            TimeUnit.MILLISECONDS.sleep(50);
            assertThat(new String(awaitGet(channel, "expiring").getBody(), UTF_8)).isEqualTo("short");
            assertThat(new String(awaitGet(channel, "expiring").getBody(), UTF_8)).isEqualTo("rpc");
        }
    }

    @Test
    void an_unroutable_mandatory_message_is_returned_and_unlike_rabbitmq_nacked() throws Exception {
        try (Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.exchangeDeclare("nowhere", BuiltinExchangeType.DIRECT, true);
            List<Return> returned = new CopyOnWriteArrayList<>();
            channel.addReturnListener(returned::add);
            channel.basicPublish("nowhere", "nobody", true, AMQP_PERSISTENT, "lost?".getBytes(UTF_8));
            // RabbitMQ returns it and then acks; Qpid returns it and nacks: a farine publisher reports it either way
            assertThat(channel.waitForConfirms(10_000)).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> returned.size() == 1);
            assertThat(returned.get(0).getRoutingKey()).isEqualTo("nobody");
            assertThat(channel.isOpen()).isTrue();
        }
    }

    @Test
    void queue_arguments_are_refused_naming_the_argument() throws Exception {
        for (Map<String, Object> arguments : List.<Map<String, Object>>of(Map.of("x-queue-type", "quorum"),
                Map.of("x-dead-letter-exchange", "dlx"), Map.of("x-message-ttl", 1000))) {
            String argument = arguments.keySet().iterator().next();
            try (Connection own = factory().newConnection("arguments")) {
                Channel channel = own.createChannel();
                assertThatThrownBy(() -> channel.queueDeclare("with-" + argument, true, false, false, arguments))
                        .isInstanceOf(IOException.class)
                        .cause().hasMessageContaining("Unsupported queue declare argument(s) : " + argument);
            } catch (com.rabbitmq.client.ShutdownSignalException e) {
                // Qpid closes the whole connection (542); nothing more to close
            }
        }
        // the broker itself is unharmed
        try (Channel channel = connection.createChannel()) {
            assertThat(channel.queueDeclare("after-arguments", true, false, false, null).getQueue()).isEqualTo("after-arguments");
        }
    }

    @Test
    void redeclaring_with_other_settings_is_refused_though_not_with_rabbitmqs_406() throws Exception {
        try (Channel channel = connection.createChannel()) {
            channel.exchangeDeclare("mismatch", BuiltinExchangeType.DIRECT, true);
            channel.queueDeclare("mismatch", true, false, false, null);
        }
        Connection own = factory().newConnection("mismatch-exchange");
        try {
            Channel channel = own.createChannel();
            // RabbitMQ: 406 PRECONDITION_FAILED closing the channel; Qpid: 530 NOT_ALLOWED closing the connection
            assertThatThrownBy(() -> channel.exchangeDeclare("mismatch", BuiltinExchangeType.FANOUT, true))
                    .isInstanceOf(IOException.class).cause()
                    .hasMessageContaining("reply-code=530, reply-text=Attempt to redeclare exchange: 'mismatch' of type direct to fanout");
        } finally {
            own.abort();
        }
        Connection other = factory().newConnection("mismatch-queue");
        try {
            Channel channel = other.createChannel();
            // RabbitMQ refuses a queue redeclared with another durable flag (406); Qpid accepts it and keeps the queue
            assertThat(channel.queueDeclare("mismatch", false, false, false, null).getQueue()).isEqualTo("mismatch");
        } finally {
            other.abort();
        }
    }

    @Test
    void direct_reply_to_is_not_available() throws Exception {
        try (Connection own = factory().newConnection("reply-to")) {
            Channel channel = own.createChannel();
            assertThatThrownBy(() -> channel.basicConsume("amq.rabbitmq.reply-to", true, (t, d) -> { }, t -> { }))
                    .isInstanceOf(IOException.class)
                    .cause().hasMessageContaining("404");
        }
    }

    @Test
    void bouncy_castle_is_on_the_classpath() throws Exception {
        // Qpid's broker-core needs it to start at all (its key and certificate handling)
        assertThat(Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider")).isNotNull();
        assertThat(Class.forName("org.bouncycastle.cert.X509CertificateHolder")).isNotNull();
    }

    @Test
    void qpid_loggers_are_raised_to_warn() {
        ch.qos.logback.classic.LoggerContext context = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        for (String name : QuietQpidLogs.LOGGERS) {
            assertThat(context.getLogger(name).getEffectiveLevel()).as(name).isEqualTo(ch.qos.logback.classic.Level.WARN);
            assertThat(context.getLogger(name + ".some.Child").isInfoEnabled()).as(name).isFalse();
        }
    }

    @Test
    void a_second_start_of_the_same_instance_is_refused() {
        assertThatThrownBy(() -> BROKER.start(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already running at " + uri);
    }

    private static final AMQP.BasicProperties AMQP_PERSISTENT = new AMQP.BasicProperties.Builder().deliveryMode(2).build();

    private static GetResponse awaitGet(Channel channel, String queue) {
        GetResponse[] got = new GetResponse[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> (got[0] = channel.basicGet(queue, false)) != null);
        return got[0];
    }
}
