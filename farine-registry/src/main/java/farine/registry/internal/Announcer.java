package farine.registry.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import farine.FarineException;
import farine.amqp.spi.AmqpConnection;
import farine.registry.ServiceInstance;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces the services of one container on one broker: an announcement when a service starts and every
 * interval after, an answer to each reader's query, a departure when it stops. Its own channels, so that
 * nothing it does touches the channels that serve requests. Thread-safe: every channel use holds its lock.
 */
final class Announcer {

    private static final Logger LOG = LoggerFactory.getLogger(Announcer.class);

    private final AmqpConnection connector;
    private final ScheduledExecutorService timer;
    private final Map<String, Announced> services = new LinkedHashMap<>();
    private Channel channel;
    private Channel queries;

    private record Announced(ServiceInstance instance, byte[] body, ScheduledFuture<?> heartbeat) {
    }

    Announcer(AmqpConnection connector, ScheduledExecutorService timer) {
        this.connector = connector;
        this.timer = timer;
    }

    synchronized void add(ServiceInstance instance) {
        open();
        byte[] body = Wire.MAPPER.writeValueAsBytes(instance);
        long every = instance.interval().toMillis();
        ScheduledFuture<?> heartbeat = timer.scheduleAtFixedRate(() -> beat(instance.service()), every, every, TimeUnit.MILLISECONDS);
        Announced previous = services.put(instance.service(), new Announced(instance, body, heartbeat));
        if (previous != null) {
            previous.heartbeat().cancel(false);
        }
        publish(Wire.EXCHANGE, Wire.announce(instance.service()), Wire.ANNOUNCE_TYPE, body, instance);
    }

    synchronized void remove(String service) {
        Announced gone = services.remove(service);
        if (gone == null) {
            return;
        }
        gone.heartbeat().cancel(false);
        byte[] body = Wire.MAPPER.writeValueAsBytes(new Wire.Departure(service, gone.instance().instance()));
        publish(Wire.EXCHANGE, Wire.depart(service), Wire.DEPART_TYPE, body, gone.instance());
        if (services.isEmpty()) {
            close();
        }
    }

    private synchronized void beat(String service) {
        Announced announced = services.get(service);
        if (announced != null) {
            publish(Wire.EXCHANGE, Wire.announce(service), Wire.ANNOUNCE_TYPE, announced.body(), announced.instance());
        }
    }

    /** A reader asked who is there: each service answers into the reader's queue, through the default exchange. */
    private synchronized void answer(String replyTo) {
        for (Announced announced : services.values()) {
            publish("", replyTo, Wire.ANNOUNCE_TYPE, announced.body(), announced.instance());
        }
    }

    private void open() {
        if (channel != null) {
            return;
        }
        channel = connector.channel(connector.publishing());
        queries = connector.channel(connector.consuming());
        try {
            channel.exchangeDeclare(Wire.EXCHANGE, "topic", true, false, false, null);
            String queue = queries.queueDeclare("", false, true, true, null).getQueue();
            queries.queueBind(queue, Wire.EXCHANGE, Wire.QUERY);
            queries.basicConsume(queue, true, new DefaultConsumer(queries) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    if (properties.getReplyTo() != null && !properties.getReplyTo().isEmpty()) {
                        answer(properties.getReplyTo());
                    }
                }
            });
        } catch (IOException e) {
            close();
            throw new FarineException("cannot announce on exchange " + Wire.EXCHANGE + " at " + connector.describe() + ": " + e.getMessage(), e);
        }
    }

    /** An announcement that cannot go out is logged, never thrown: the registry must not stop a service. */
    private void publish(String exchange, String key, String type, byte[] body, ServiceInstance instance) {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .type(type).contentType("application/json").contentEncoding("utf-8").deliveryMode(1)
                // a reader that is gone or slow must not collect stale heartbeats
                .expiration(Long.toString(instance.interval().toMillis() * Wire.MISSED_HEARTBEATS))
                .build();
        try {
            if (channel != null && channel.isOpen()) {
                channel.basicPublish(exchange, key, properties, body);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("registry: cannot publish {} of {} ({}): {}", type, instance.service(), instance.instance(), e.toString());
        }
    }

    synchronized void close() {
        services.values().forEach(a -> a.heartbeat().cancel(false));
        services.clear();
        for (Channel c : new Channel[] {queries, channel}) {
            try {
                if (c != null && c.isOpen()) {
                    c.close();
                }
            } catch (Exception e) {
                LOG.debug("registry: closing a channel: {}", e.toString());
            }
        }
        channel = null;
        queries = null;
    }
}
