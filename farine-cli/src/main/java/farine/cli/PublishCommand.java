package farine.cli;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import farine.Config;
import farine.FarineException;
import farine.amqp.spi.AmqpConnection;
import farine.amqp.spi.AmqpSettings;
import farine.spi.JsonRules;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** {@code farine publish orders order.created '{"id": 1}'}: publishes JSON messages with publisher confirms. */
@Command(name = "publish", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Publishes a JSON message to an exchange and waits for the broker's confirm.",
            "The exchange must exist, unless --type is given: then it is declared (durable) with that type, as a farine service would.",
            "Exit status 0 when every message was confirmed, 1 with the reason otherwise (no broker, no such exchange, nack),",
            "2 on a usage error (bad JSON on the command line)."},
        footerHeading = "%nExamples:%n",
        footer = {"  farine publish orders order.created '{\"id\": 1}'",
            "  farine publish events greeting.said '\"hi\"' --type topic --header source=shell --count 3",
            "  jq -c '.[]' orders.json | farine publish orders order.created -     # one JSON message per line"})
final class PublishCommand implements Callable<Integer> {

    private static final JsonMapper JSON = JsonRules.MAPPER;

    @Mixin
    private BrokerOptions broker;

    @Parameters(index = "0", paramLabel = "EXCHANGE", description = "The exchange.")
    private String exchange;

    @Parameters(index = "1", paramLabel = "ROUTING_KEY", description = "The routing key.")
    private String routingKey;

    @Parameters(index = "2", paramLabel = "JSON", description = "The message body, a JSON value; - reads one JSON message per line from standard input.")
    private String message;

    @Option(names = "--type", paramLabel = "TYPE", description = "Declare the exchange with this type first: topic, direct, fanout or headers.")
    private String type;

    @Option(names = "--header", paramLabel = "K=V", description = "A message header (repeatable).")
    private List<String> headers = new ArrayList<>();

    @Option(names = "--count", paramLabel = "N", description = "Publish each message N times (default 1).")
    private int count = 1;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, description = "How long to wait for the confirms (default 10s).")
    private Duration timeout = Duration.ofSeconds(10);

    @Override
    public Integer call() throws IOException {
        if (count < 1) {
            throw broker.usage("--count must be at least 1, not " + count);
        }
        if (type != null && !List.of("topic", "direct", "fanout", "headers").contains(type)) {
            throw broker.usage("--type must be topic, direct, fanout or headers, not '" + type + "'");
        }
        Map<String, Object> table = headers();
        List<byte[]> bodies = bodies();
        String uri = broker.uri(Config.DEFAULT_SECTION, "publish to " + exchange + " on");
        AmqpConnection connector = AmqpConnection.standalone(Config.of(Map.of("publish", Map.of(AmqpSettings.AMQP_URI, uri,
                AmqpSettings.CONNECT_TIMEOUT, "10s"))).section("publish"));
        PrintWriter out = broker.out();
        AtomicInteger returned = new AtomicInteger();
        try {
            Channel channel = connector.channel(connector.publishing());
            channel.addReturnListener(r -> returned.incrementAndGet());
            channel.confirmSelect();
            if (type != null) {
                channel.exchangeDeclare(exchange, type, true, false, false, null);
            }
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json").contentEncoding("utf-8")
                    .deliveryMode(2).headers(table.isEmpty() ? null : table).build();
            for (byte[] body : bodies) {
                for (int i = 0; i < count; i++) {
                    channel.basicPublish(exchange, routingKey, true, properties, body);
                }
            }
            if (!channel.waitForConfirms(timeout.toMillis())) {
                // a round trip first: the embedded broker (Qpid) nacks an unroutable mandatory message where RabbitMQ acks
                // it, and sends its basic.return after the basic.nack (docs/embedded.md)
                channel.basicQos(0);
                throw new FarineException(returned.get() == 0 ? "not confirmed: the broker refused (nacked) " + (bodies.size() * count == 1 ? "the message" : "messages")
                        : "not confirmed: the broker refused " + returned.get() + (returned.get() == 1 ? " message" : " messages")
                        + " that reached no queue (none is bound to routing key '" + routingKey + "' on exchange " + exchange
                        + "); the embedded development broker refuses such a message where RabbitMQ confirms and drops it");
            }
            int sent = bodies.size() * count;
            out.println(sent + (sent == 1 ? " message" : " messages") + " confirmed by the broker (exchange " + exchange + ", routing key "
                    + routingKey + ")");
            if (returned.get() > 0) {
                broker.err().println("farine: warning: " + returned.get() + " of them reached no queue (none is bound to routing key '"
                        + routingKey + "' on exchange " + exchange + "): the broker dropped them");
            }
            out.flush();
            return Main.OK;
        } catch (FarineException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new FarineException("not confirmed: " + reason(e));
        } catch (TimeoutException e) {
            throw new FarineException("not confirmed: no confirm from the broker within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FarineException("interrupted while waiting for the confirms");
        } finally {
            connector.close(false);
        }
    }

    private Map<String, Object> headers() {
        Map<String, Object> table = new LinkedHashMap<>();
        for (String header : headers) {
            int eq = header.indexOf('=');
            if (eq < 1) {
                throw broker.usage("--header must be KEY=VALUE, not '" + header + "'");
            }
            table.put(header.substring(0, eq), header.substring(eq + 1));
        }
        return table;
    }

    private List<byte[]> bodies() throws IOException {
        if (!message.equals("-")) {
            return List.of(json(message, "JSON argument"));
        }
        List<byte[]> bodies = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int number = 0;
        for (String line; (line = in.readLine()) != null; ) {
            number++;
            if (!line.isBlank()) {
                bodies.add(json(line, "line " + number + " of standard input"));
            }
        }
        if (bodies.isEmpty()) {
            throw broker.usage("no message on standard input (one JSON value per line)");
        }
        return bodies;
    }

    private byte[] json(String text, String where) {
        try {
            return JSON.writeValueAsBytes(JSON.readTree(text));
        } catch (JacksonException e) {
            throw broker.usage("the " + where + " is not JSON: " + e.getOriginalMessage()
                    + " (a string needs quotes: '\"text\"')");
        }
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.toString() : root.getMessage();
        if (message.contains("NOT_FOUND - no exchange")) {
            return message.replaceAll(".*(NOT_FOUND - no exchange '[^']*' in vhost '[^']*').*", "$1")
                    + " (give --type to declare it, or start the service that declares it)";
        }
        return message;
    }
}
