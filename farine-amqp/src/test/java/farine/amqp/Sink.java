package farine.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;

/**
 * What a test sees on the wire: a plain-client consumer on its own exclusive queue, bound to an
 * exchange (declared direct and durable as farine does unless told otherwise) or reading a named queue.
 */
public final class Sink implements AutoCloseable {

    /** One message as it arrived. */
    public record Received(String body, AMQP.BasicProperties properties, String exchange, String routingKey) {
        public Map<String, Object> headers() {
            return properties.getHeaders() == null ? Map.of() : properties.getHeaders();
        }

        public String header(String name) {
            Object v = headers().get(name);
            return v == null ? null : v.toString();
        }
    }

    private final Connection connection;
    private final Channel channel;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private Sink(Rabbit rabbit) throws Exception {
        connection = rabbit.connect();
        channel = connection.createChannel();
    }

    /** Everything published to {@code exchange} with {@code routingKey} from now on. */
    public static Sink bound(Rabbit rabbit, String exchange, String type, String routingKey) throws Exception {
        Sink sink = new Sink(rabbit);
        sink.channel.exchangeDeclare(exchange, type, true, false, null);
        String queue = sink.channel.queueDeclare("", false, true, true, null).getQueue();
        sink.channel.queueBind(queue, exchange, routingKey);
        sink.consume(queue);
        return sink;
    }

    public static Sink bound(Rabbit rabbit, String exchange, String routingKey) throws Exception {
        return bound(rabbit, exchange, "direct", routingKey);
    }

    /** Everything in the named queue (declared plainly if missing), consumed and acked. */
    public static Sink queue(Rabbit rabbit, String queue) throws Exception {
        return queue(rabbit, queue, null);
    }

    /** Everything in the named queue (declared with these arguments if missing), consumed and acked. */
    public static Sink queue(Rabbit rabbit, String queue, java.util.Map<String, Object> arguments) throws Exception {
        Sink sink = new Sink(rabbit);
        sink.channel.queueDeclare(queue, true, false, false, arguments);
        sink.consume(queue);
        return sink;
    }

    private void consume(String queue) throws Exception {
        channel.basicConsume(queue, true, (tag, m) -> received.add(new Received(
                new String(m.getBody(), StandardCharsets.UTF_8), m.getProperties(),
                m.getEnvelope().getExchange(), m.getEnvelope().getRoutingKey())), tag -> { });
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<String> bodies() {
        return received.stream().map(Received::body).toList();
    }

    /** Waits until at least {@code count} messages arrived, then returns all of them. */
    public List<Received> await(int count, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> received.size() >= count);
        return received();
    }

    public List<Received> await(int count) {
        return await(count, Duration.ofSeconds(20));
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
