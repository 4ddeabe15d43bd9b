package farine.gateway;

import farine.Config;
import farine.ConfigSection;
import farine.FarineException;
import farine.amqp.Outgoing;
import farine.amqp.Publisher;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /publish/{exchange}/{routingKey}}: the JSON body published (persistent, with publisher confirms) to an
 * existing exchange; 202 once the broker confirmed it, 503 when it did not (no such exchange, nack, no broker within
 * {@code publish_timeout}). The gateway never declares an exchange: it publishes where services already do.
 */
final class PublishRoute implements Route, AutoCloseable {

    static final String PREFIX = "/publish/";
    static final int MAX_EXCHANGES = 32;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:\\-]+");

    private final ConfigSection publishing;
    private final Access access;
    private final long maxBody;
    private final java.time.Duration readTimeout;
    private final JsonMapper json;
    // one confirming publisher (its own connection) per exchange used, bounded: a token cannot open connections at will
    private final Map<String, Publisher.Standalone> publishers = new ConcurrentHashMap<>();

    PublishRoute(String amqpUri, Access access, long maxBody, java.time.Duration readTimeout, JsonMapper json) {
        this.publishing = Config.of(Map.of("gateway.publish", Map.of("amqp_uri", amqpUri, "auto_declare", "false", "publish_timeout", "5s")))
                .section("gateway.publish");
        this.access = access;
        this.maxBody = maxBody;
        this.readTimeout = readTimeout;
        this.json = json;
    }

    @Override
    public void handle(Exchange exchange) throws IOException {
        String path = exchange.path();
        String[] names = path.startsWith(PREFIX) ? path.substring(PREFIX.length()).split("/", -1) : new String[0];
        try {
            if (names.length != 2 || !NAME.matcher(names[0]).matches() || names[1].isEmpty()) {
                throw new HttpError(404, "NotFound", "no such route: " + path + " (use POST " + PREFIX + "{exchange}/{routingKey})");
            }
            if (!exchange.method().equals("POST")) {
                exchange.header("Allow", "POST");
                throw new HttpError(405, "MethodNotAllowed", "use POST " + PREFIX + "{exchange}/{routingKey}");
            }
            TokenRule caller = access.authenticate(exchange);
            if (!caller.allowsPublish(names[0])) {
                throw Access.forbidden(null, null);
            }
            Access.admit(caller, exchange, null, null);
            try {
                JsonNode body = CallRequest.tree(HttpReplies.body(exchange, maxBody, readTimeout), json);
                publish(names[0], names[1], body);
            } finally {
                caller.inFlight().release(); // before the answer, as in RpcRoute
            }
            HttpReplies.json(exchange, 202, Map.of("confirmed", true, "exchange", names[0], "routing_key", names[1]), json);
        } catch (HttpError e) {
            HttpReplies.error(exchange, e, json);
        }
    }

    private void publish(String exchange, String routingKey, JsonNode body) {
        Publisher.Standalone publisher;
        try {
            publisher = publishers.computeIfAbsent(exchange, name -> {
                if (publishers.size() >= MAX_EXCHANGES) {
                    throw new HttpError(503, "Unavailable", "the gateway publishes to " + MAX_EXCHANGES + " exchanges already");
                }
                return Publisher.connect(publishing, name);
            });
        } catch (FarineException e) {
            throw new HttpError(503, "Unavailable", "not confirmed: " + e.getMessage());
        }
        try {
            publisher.send(Outgoing.of(body).routingKey(routingKey));
        } catch (FarineException e) {
            // a channel error (no such exchange) leaves this publisher unusable: the next request starts afresh
            publishers.remove(exchange, publisher);
            publisher.close();
            throw new HttpError(503, "Unavailable", "not confirmed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        publishers.values().forEach(Publisher.Standalone::close);
        publishers.clear();
    }
}
