package farine.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.Container;
import farine.Service;
import farine.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A caller's CR, LF and ESC bytes (correlation id, body, an argument quoted in an error) reach no log line raw. */
class RpcLogForgeryIT {

    static final String FORGED = "x\n2026-01-01T00:00:00.000Z ERROR admin logged in\r\u001b[2J";
    static final String ESCAPED = "x\\n2026-01-01T00:00:00.000Z ERROR admin logged in\\r\\u001b[2J";

    @Service("forgery")
    public static final class Target {
        @RpcMethod
        public int fail(String text) {
            throw new IllegalStateException("rejected " + text);
        }
    }

    private static Container server;
    private static Connection raw;
    private static PythonStyleClient client;

    @BeforeAll
    static void start() throws Exception {
        server = Broker.start(Broker.config(Map.of()), Target.class);
        raw = Broker.connect();
        client = new PythonStyleClient(raw, "forgery");
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {client, raw, server}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void controlCharactersFromTheCallerAreEscapedInEveryLogLine() throws Exception {
        try (LogCapture logs = new LogCapture(); Channel ch = raw.createChannel()) {
            byte[] notJson = ("not json " + FORGED).getBytes(StandardCharsets.UTF_8);
            byte[] quoted = ("{\"args\": [\"" + FORGED.replace("\n", "\\n").replace("\r", "\\r").replace("\u001b", "\\u001b")
                    + "\"], \"kwargs\": {}}").getBytes(StandardCharsets.UTF_8);
            AMQP.BasicProperties withReply = new AMQP.BasicProperties.Builder().contentType("application/json")
                    .correlationId(FORGED).replyTo(client.replyQueue()).build();
            AMQP.BasicProperties withoutReply = new AMQP.BasicProperties.Builder().correlationId(FORGED).build();
            ch.basicPublish("forgery", "forgery__fail", withReply, notJson);    // bad request: WARN with the body
            ch.basicPublish("forgery", "forgery__fail", withoutReply, notJson); // no reply_to: WARN, dropped
            ch.basicPublish("forgery", "forgery__fail", withReply, quoted);     // the method quotes its argument
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> logs.containing("rejected").size() >= 1
                    && logs.containing("without reply_to").size() == 1 && logs.containing("bad request").size() == 1);

            List<String> lines = logs.containing("admin logged in").stream().map(e -> e.getFormattedMessage()
                    + " " + e.getMDCPropertyMap().values()).toList();
            assertThat(lines).hasSizeGreaterThanOrEqualTo(3).allSatisfy(l -> assertThat(l).doesNotContain("\n", "\r", "\u001b").contains(ESCAPED));
        }
    }
}
