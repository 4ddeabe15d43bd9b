package farine.rpc.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.impl.ContentHeaderPropertyWriter;
import farine.FarineException;
import farine.testing.TestVhost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client's registry of calls and its reply queue's bindings, against the real broker. */
class ReplyListenerIT {

    private static TestVhost vhost;
    private static Connection connection;
    private static ReplyListener listener;

    @BeforeAll
    static void connect() throws Exception {
        vhost = TestVhost.create("farine-reply-listener-it");
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(vhost.amqpUri());
        connection = factory.newConnection("reply-listener-it");
        listener = new ReplyListener(connection, "test broker");
        try (Channel ch = connection.createChannel()) {
            ch.exchangeDeclare("rl_target", "direct", true);
        }
    }

    @AfterAll
    static void close() throws Exception {
        if (listener != null) {
            listener.close();
        }
        if (connection != null) {
            connection.close();
        }
        if (vhost != null) {
            vhost.close();
        }
    }

    @Test
    void anErrorEscapingThePublishLeavesNoPendingEntry() {
        // properties that blow up while the client writes the frame, as an OutOfMemoryError or a StackOverflowError would
        AMQP.BasicProperties exploding = new AMQP.BasicProperties(null, null, null, null, null, "c-error", null, null, null, null,
                null, null, null, null) {
            @Override
            public void writePropertiesTo(ContentHeaderPropertyWriter writer) {
                throw new AssertionError("boom while writing the request");
            }
        };
        assertThatThrownBy(() -> listener.send("rl_target", "rl_target__m", exploding, new byte[] {'{', '}'},
                new PendingCall.Single(System.nanoTime() + 60_000_000_000L))).isInstanceOf(AssertionError.class);
        assertThat(listener.pending()).isZero();
    }

    @Test
    void anExchangeTheServerDeclaredIsBoundToWhateverItsTypeAndNotRedeclared() throws Exception {
        // the server declared it as topic; a client configured with the default (direct) must not redeclare it (406)
        try (Channel ch = connection.createChannel()) {
            ch.exchangeDeclare("rl_topic_service", "topic", true);
        }
        listener.bindTo("rl_topic_service", "direct");
        try (Channel ch = connection.createChannel()) {
            ch.exchangeDeclarePassive("rl_topic_service");
        }
    }
}
