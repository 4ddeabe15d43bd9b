package farine.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import farine.Container;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The protocol addition of PROTOCOL.md §3: a Java caller asks for one reply message by the request header
 * {@code x-farine-single-reply}; callers that do not (Python farine's) get body then {@code __end__} as before.
 * RPC requests and replies are transient by default.
 */
class SingleReplyIT {

    public interface StrictClient {
        String hello(String name);

        Stream<Integer> squares(int n);
    }

    private static Container server;
    private static Connection raw;
    private static RpcClients clients;

    @BeforeAll
    static void start() throws Exception {
        server = Broker.start(Strict.class);
        raw = Broker.connect();
        clients = RpcClients.connect(Broker.uri());
    }

    @AfterAll
    static void stop() throws Exception {
        if (clients != null) {
            clients.close();
        }
        if (raw != null) {
            raw.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    /** "correlation id: body, delivery mode" for every message that reaches a fresh reply queue, in order. */
    private static LinkedBlockingQueue<String> replyQueue(Channel ch, String queue) throws Exception {
        LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
        ch.queueDeclare(queue, false, true, true, null);
        ch.basicConsume(queue, true, new DefaultConsumer(ch) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                seen.add(properties.getCorrelationId() + ": " + new String(body, StandardCharsets.UTF_8) + ", mode "
                        + properties.getDeliveryMode());
            }
        });
        return seen;
    }

    private static void request(Channel ch, String id, String method, String args, String replyTo, Map<String, Object> headers)
            throws Exception {
        ch.basicPublish("rpcit_strict", "rpcit_strict__" + method, new AMQP.BasicProperties.Builder()
                .contentType("application/json").correlationId(id).replyTo(replyTo).headers(headers).build(),
                ("{\"args\":" + args + ",\"kwargs\":{}}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCallerThatAsksForOneReplyMessageGetsTheValueAloneAndOthersGetTheValueThenTheEnd() throws Exception {
        try (Channel ch = raw.createChannel()) {
            LinkedBlockingQueue<String> seen = replyQueue(ch, "rpcit_single_replies");
            request(ch, "one", "hello", "[\"Ada\"]", "rpcit_single_replies", Map.of("x-farine-single-reply", true));
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("one: {\"body\":\"Hello, Ada!\",\"__end__\":false}, mode 1");
            // replies to one queue from one server come in order: an __end__ for "one" would come before "two"'s frames
            request(ch, "two", "hello", "[\"Bo\"]", "rpcit_single_replies", null);
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("two: {\"body\":\"Hello, Bo!\",\"__end__\":false}, mode 1");
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("two: {\"__end__\":true}, mode 1");
            // a stream keeps its __end__ whatever the caller asked: it is how a stream ends
            request(ch, "three", "squares", "[2]", "rpcit_single_replies", Map.of("x-farine-single-reply", true));
            assertThat(List.of(seen.poll(10, TimeUnit.SECONDS), seen.poll(10, TimeUnit.SECONDS), seen.poll(10, TimeUnit.SECONDS)))
                    .containsExactly("three: {\"body\":1,\"__end__\":false}, mode 1", "three: {\"body\":4,\"__end__\":false}, mode 1",
                            "three: {\"__end__\":true}, mode 1");
            // an error is one frame for everyone
            request(ch, "four", "fail", "[\"no\"]", "rpcit_single_replies", Map.of("x-farine-single-reply", true));
            assertThat(seen.poll(10, TimeUnit.SECONDS)).startsWith("four: {\"__except__\":");
            request(ch, "five", "hello", "[\"Cy\"]", "rpcit_single_replies", Map.of("x-farine-single-reply", true));
            assertThat(seen.poll(10, TimeUnit.SECONDS)).startsWith("five: ");
        }
    }

    @Test
    void farinesClientAsksForOneReplyMessageOnCallsButNotOnStreamsAndSendsThemTransient() throws Exception {
        LinkedBlockingQueue<AMQP.BasicProperties> seen = new LinkedBlockingQueue<>();
        try (Channel ch = raw.createChannel()) {
            ch.exchangeDeclare("rpcit_single_mute", "direct", true);
            for (String method : List.of("hello", "squares")) {
                ch.queueDeclare("rpcit_single_mute__" + method, false, false, true, null);
                ch.queueBind("rpcit_single_mute__" + method, "rpcit_single_mute", "rpcit_single_mute__" + method);
                ch.basicConsume("rpcit_single_mute__" + method, true, new DefaultConsumer(ch) {
                    @Override
                    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                        seen.add(properties);
                    }
                });
            }
            StrictClient mute = clients.proxy("rpcit_single_mute", StrictClient.class, Duration.ofMillis(300));
            org.assertj.core.api.Assertions.catchThrowable(() -> mute.hello("x"));
            AMQP.BasicProperties call = seen.poll(10, TimeUnit.SECONDS);
            assertThat(call.getHeaders()).containsEntry("x-farine-single-reply", true);
            assertThat(call.getDeliveryMode()).isEqualTo(1);
            org.assertj.core.api.Assertions.catchThrowable(() -> mute.squares(2).toList());
            AMQP.BasicProperties stream = seen.poll(10, TimeUnit.SECONDS);
            assertThat(stream.getHeaders()).doesNotContainKey("x-farine-single-reply").containsKey("x-farine-deadline");
            ch.exchangeDelete("rpcit_single_mute");
        }
    }

    @Test
    void farinesClientTakesTheOneMessageReplyAndStreamsStillEnd() {
        StrictClient strict = clients.proxy("rpcit_strict", StrictClient.class, Duration.ofSeconds(10));
        for (int i = 0; i < 20; i++) {
            assertThat(strict.hello("n" + i)).isEqualTo("Hello, n" + i + "!");
        }
        assertThat(strict.squares(3).toList()).containsExactly(1, 4, 9);
        assertThat(clients.pending()).isZero();
    }
}
