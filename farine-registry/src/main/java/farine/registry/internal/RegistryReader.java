package farine.registry.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import farine.Config;
import farine.ConfigException;
import farine.FarineException;
import farine.amqp.spi.AmqpConnection;
import farine.amqp.spi.AmqpSettings;
import farine.registry.MethodDescription;
import farine.registry.Registry;
import farine.registry.RegistrySnapshot;
import farine.registry.ServiceInstance;
import farine.spi.EntrypointInfo;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.NullNode;

/**
 * Reads {@code farine.registry}: its own exclusive queue bound to every announcement and departure, and a
 * query at start so that every running instance answers at once instead of at its next heartbeat. The
 * connection's reader thread only decodes and records; expiry sweeps and listeners run on one thread of
 * the reader's own.
 */
final class RegistryReader implements Registry {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryReader.class);
    private static final String CONNECT_TIMEOUT = "10s";
    private static final long SWEEP_MILLIS = 250;
    private static final Duration QUIET = Duration.ofMillis(100);
    private static final ServiceInstance SAMPLE = new ServiceInstance("s", "i", "h", 1, "v", Instant.EPOCH, Duration.ofSeconds(1),
            List.of(new EntrypointInfo("rpc", "m", "s", "s__m", "s__m", false)),
            List.of(new MethodDescription("m", List.of(new MethodDescription.ParameterDescription("p", NullNode.getInstance())),
                    NullNode.getInstance(), false, false)));

    private record Seen(ServiceInstance instance, long nanos) {
    }

    private final AmqpConnection connector;
    private final Object receiving = new Object();
    private volatile long lastArrival = System.nanoTime();
    private final Map<String, Seen> instances = new ConcurrentHashMap<>();
    private final List<Consumer<RegistrySnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService worker =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("farine-registry-reader").factory());
    private Channel channel;

    private RegistryReader(AmqpConnection connector) {
        this.connector = connector;
    }

    static Registry connect(String amqpUri, Duration wait) {
        if (amqpUri == null || amqpUri.isBlank()) {
            throw new ConfigException("amqp_uri is empty: give the broker's amqp:// or amqps:// URI");
        }
        AmqpConnection connector = AmqpConnection.standalone(Config.of(Map.of("registry-reader", Map.of(AmqpSettings.AMQP_URI, amqpUri,
                AmqpSettings.CONNECT_TIMEOUT, CONNECT_TIMEOUT))).section("registry-reader"));
        RegistryReader reader = new RegistryReader(connector);
        try {
            reader.open();
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
        reader.awaitAnswers(wait);
        return reader;
    }

    /**
     * Waits {@code wait} for the answers to the query, then on while they still arrive (at most as long
     * again): the answers have no count to wait for, every instance answers on its own.
     */
    private void awaitAnswers(Duration wait) {
        if (wait.isZero() || wait.isNegative()) {
            return;
        }
        long end = System.nanoTime() + wait.toNanos() * 2;
        try {
            Thread.sleep(wait);
            while (System.nanoTime() - lastArrival < QUIET.toNanos() && System.nanoTime() < end) {
                Thread.sleep(QUIET);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (receiving) {
            instances.size(); // a barrier: the answer being decoded belongs to the picture
        }
    }

    private void open() {
        // Jackson builds its deserializers on first use, a second on a busy machine: not while the answers arrive
        Wire.MAPPER.readValue(Wire.MAPPER.writeValueAsBytes(SAMPLE), ServiceInstance.class);
        channel = connector.channel(connector.publishing());
        try {
            channel.exchangeDeclare(Wire.EXCHANGE, "topic", true, false, false, null);
            String queue = channel.queueDeclare("", false, true, true, null).getQueue();
            channel.queueBind(queue, Wire.EXCHANGE, "announce.#");
            channel.queueBind(queue, Wire.EXCHANGE, "depart.#");
            channel.basicConsume(queue, true, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    lastArrival = System.nanoTime();
                    receive(properties.getType(), body);
                }
            });
            channel.basicPublish(Wire.EXCHANGE, Wire.QUERY, new AMQP.BasicProperties.Builder()
                    .type(Wire.QUERY_TYPE).replyTo(queue).deliveryMode(1).expiration("10000").build(), new byte[0]);
        } catch (IOException e) {
            throw new FarineException("cannot read the registry (exchange " + Wire.EXCHANGE + ") at " + connector.describe() + ": "
                    + e.getMessage(), e);
        }
        worker.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** On the connection's reader thread: decode, record, hand the news to the worker. */
    private void receive(String type, byte[] body) {
        synchronized (receiving) {
            decode(type, body);
        }
    }

    private void decode(String type, byte[] body) {
        try {
            if (Wire.ANNOUNCE_TYPE.equals(type)) {
                ServiceInstance instance = Wire.MAPPER.readValue(body, ServiceInstance.class);
                Seen previous = instances.put(key(instance.service(), instance.instance()), new Seen(instance, System.nanoTime()));
                if (previous == null || !previous.instance().equals(instance)) {
                    changed();
                }
            } else if (Wire.DEPART_TYPE.equals(type)) {
                Wire.Departure departure = Wire.MAPPER.readValue(body, Wire.Departure.class);
                if (instances.remove(key(departure.service(), departure.instance())) != null) {
                    changed();
                }
            }
        } catch (JacksonException e) {
            LOG.warn("registry: ignoring a {} message that is not what docs/registry.md describes: {}", type, e.getOriginalMessage());
        }
    }

    private static String key(String service, String instance) {
        return service + " " + instance;
    }

    /** Drops the instances silent for {@link Wire#MISSED_HEARTBEATS} of their intervals. */
    private void sweep() {
        long now = System.nanoTime();
        boolean removed = instances.values().removeIf(
                seen -> now - seen.nanos() > seen.instance().interval().toNanos() * Wire.MISSED_HEARTBEATS);
        if (removed) {
            notifyListeners();
        }
    }

    private void changed() {
        if (!listeners.isEmpty()) {
            worker.execute(this::notifyListeners);
        }
    }

    private void notifyListeners() {
        RegistrySnapshot snapshot = snapshot();
        for (Consumer<RegistrySnapshot> listener : listeners) {
            try {
                listener.accept(snapshot);
            } catch (RuntimeException e) {
                LOG.warn("registry: a watch listener failed: {}", e.toString(), e);
            }
        }
    }

    @Override
    public RegistrySnapshot snapshot() {
        return new RegistrySnapshot(Instant.now(), instances.values().stream().map(Seen::instance).toList());
    }

    @Override
    public AutoCloseable watch(Consumer<RegistrySnapshot> listener) {
        listeners.add(listener);
        worker.execute(() -> {
            try {
                listener.accept(snapshot());
            } catch (RuntimeException e) {
                LOG.warn("registry: a watch listener failed: {}", e.toString(), e);
            }
        });
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        worker.shutdownNow();
        connector.close(false);
    }
}
