package farine.amqp.internal.consume;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;
import farine.ConfigException;
import farine.FarineException;
import farine.amqp.Consume;
import farine.amqp.ExchangeType;
import farine.amqp.internal.connection.AmqpConnector;
import farine.amqp.internal.connection.AmqpConnectors;
import farine.amqp.internal.publish.PublishPolicy;
import farine.amqp.internal.topology.ExchangeTypes;
import farine.amqp.internal.topology.Topology;
import farine.amqp.spi.JsonBudget;
import farine.amqp.spi.MessageSizeLimit;
import farine.amqp.spi.QueueConsumer;
import farine.spi.EntrypointInfo;
import farine.spi.LogText;
import farine.spi.MethodContext;
import farine.spi.Observer;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code @Consume} method: a {@link QueueConsumer} on a queue bound per PROTOCOL.md §1, in queue order with
 * concurrency 1, else at most {@code concurrency} workers at once. What is its own: binding the body to the
 * parameters, and what the outcome turns into: ack on return; retry or dead-letter on failure ({@link FailedMessages},
 * see {@link Consume}); a message too large or unreadable is dead-lettered before the method.
 */
public final class ConsumeEntrypoint extends QueueConsumer<ConsumedMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumeEntrypoint.class);
    private static final int LOGGED_BODY_BYTES = 200;

    private final Consume annotation;
    private final String exchange;
    private final String routingKey;
    private final BodyBinder binder;
    private final AmqpConnector connector;
    private ConsumeSettings settings;
    private JsonBudget budget;
    private PublishPolicy publishPolicy; // for retries and dead letters: publish_timeout, publish_retries
    private Topology topology;
    private ExchangeType type;
    private Map<String, Object> bindArgs;
    private volatile FailedMessages failed;
    private Observer observer = Observer.NONE;

    public ConsumeEntrypoint(MethodContext method, Consume annotation) {
        this(method, annotation, AmqpConnectors.of(method.service()).forSection(method.service().config()));
    }

    private ConsumeEntrypoint(MethodContext method, Consume annotation, AmqpConnector connector) {
        // PROTOCOL.md §1: exchange and routing key default to the service name; the queue is named after the key
        super(method, connector, Topology.name(method.config(), Topology.QUEUE, annotation.queue(),
                Topology.name(method.config(), Topology.ROUTING_KEY, annotation.routingKey(), method.service().name())), Observer.CONSUME);
        this.annotation = annotation;
        this.connector = connector;
        this.exchange = Topology.name(method.config(), Topology.EXCHANGE, annotation.exchange(), method.service().name());
        this.routingKey = Topology.name(method.config(), Topology.ROUTING_KEY, annotation.routingKey(), method.service().name());
        this.binder = new BodyBinder(method.payloadParameters(), method.service().type().getName() + "." + method.name());
    }

    @Override
    public void setup() {
        settings = ConsumeSettings.from(method.config());
        // retries and dead letters are confirmed even where the section publishes with confirm = false
        publishPolicy = PublishPolicy.from(method.config()).confirmed();
        topology = Topology.from(method.config());
        type = ExchangeTypes.agreed(method.service(), exchange, method.config(), annotation.type());
        bindArgs = bindingArguments(type, annotation.bindingHeaders(), where());
        budget = JsonBudget.from(method.config(), settings.concurrency());
        observer = method.service().observer();
        limits(settings.prefetch(), settings.concurrency(), Dispatch.IN_ORDER);
    }

    public static Map<String, Object> bindingArguments(ExchangeType type, String[] headers, String where) {
        if (type != ExchangeType.HEADERS) {
            if (headers.length > 0) {
                throw new ConfigException(where + ": bindingHeaders only apply to a headers exchange, this one is " + type.wireName());
            }
            return null;
        }
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("x-match", "all");
        for (String h : headers) {
            int eq = h.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(where + ": bindingHeaders entry \"" + h + "\" is not name=value");
            }
            args.put(h.substring(0, eq).strip(), h.substring(eq + 1).strip());
        }
        return args;
    }

    @Override
    protected void declare(Channel c) {
        topology.declareExchange(c, exchange, type);
        topology.declareQueue(c, queue(), exchange, routingKey, bindArgs, settings.retries());
        topology.declareDeadQueue(c, queue());
        if (failed == null) {
            // once: declare runs again on each new channel after the broker closed one (QueueConsumer), and this holds a channel of its own
            failed = new FailedMessages(method, queue(), connector, topology, publishPolicy);
        }
    }

    @Override
    protected ConsumedMessage deliver(Channel channel, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        return new ConsumedMessage(this, channel, envelope, properties, body);
    }

    @Override
    protected void tooLarge(ConsumedMessage message, long size, MessageSizeLimit limit) {
        // a retry cannot help
        LOG.warn("{}: message too large (delivery_tag={}, correlation_id={}): {} bytes, max_message_size {} bytes;"
                + " dead-lettering it to '{}'", where(), message.tag(), LogText.escape(message.correlationId()), size, limit.bytes(),
                Topology.deadLetterQueue(queue()));
        failed.deadLetter(message, limit.reason(size));
        observer.consumed(method.service().name(), method.name(), Observer.DEAD_LETTERED, System.nanoTime() - message.started());
    }

    @Override
    protected Object[] accept(ConsumedMessage message) {
        try {
            return binder.bind(message, budget);
        } catch (BodyBinder.UnreadableBody e) {
            LOG.warn("{}: {}; dead-lettering it to '{}' (body: {})", where(), LogText.escape(e.getMessage()), Topology.deadLetterQueue(queue()),
                    LogText.excerpt(message.body(), LOGGED_BODY_BYTES));
            failed.deadLetter(message, e.getMessage());
            observer.consumed(method.service().name(), method.name(), Observer.MALFORMED, System.nanoTime() - message.started());
            return null;
        }
    }

    @Override
    protected void handle(ConsumedMessage message, Object result, Throwable failure) {
        String outcome = settle(message, failure);
        if (outcome != null) {
            observer.consumed(method.service().name(), method.name(), outcome, System.nanoTime() - message.started());
        }
    }

    /** Acks, retries or dead-letters; returns which ({@link Observer}'s outcomes), or null when the message was left unacked. */
    private String settle(ConsumedMessage message, Throwable failure) {
        if (message.settled()) {
            return Observer.ACKED; // the method acked or nacked itself
        }
        if (failure == null) {
            try {
                message.ack();
            } catch (FarineException e) {
                // the connection dropped under the worker: the broker delivers the message again (at least once)
                LOG.warn("{}: {}", where(), e.getMessage());
            }
            return Observer.ACKED;
        }
        boolean interrupted = failure instanceof InterruptedException || Thread.currentThread().isInterrupted();
        if (interrupted && !method.service().running()) {
            LOG.warn("{}: worker interrupted by the stop; message left unacked, the broker will deliver it again", where());
            return null;
        }
        if (interrupted) {
            // the method itself was interrupted while the service runs: a failure like any other (left unacked it
            // would hold a prefetch slot until the connection closes); clear the flag so the retry can publish
            Thread.interrupted();
        }
        int retries = message.retries();
        if (!settings.retryAgain(retries)) {
            // the one stack trace of a failing message: the container logged each attempt in one WARN line
            LOG.error("{}: message failed after {} retries; dead-lettering it to '{}'", where(), retries, Topology.deadLetterQueue(queue()), failure);
            failed.deadLetter(message, DeadLetters.describe(failure));
            return Observer.DEAD_LETTERED;
        }
        long delay = settings.backoff(retries + 1).toMillis();
        LOG.info("{}: retry {} of {} in {} ms", where(), retries + 1, settings.retries(), delay);
        // the worker (and its dependencies) ends now; the pause runs on its own thread, the message unacked meanwhile
        failed.retryLater(message, retries, delay);
        return Observer.RETRIED;
    }

    /** A bug between delivery and worker fails the service; the message stays unacked. */
    @Override
    protected void unhandled(ConsumedMessage message, Throwable failure) {
        method.service().fail("consumer of " + where(), failure);
    }

    @Override
    public void stop() {
        super.stop();
        FailedMessages publishing = failed;
        if (publishing != null) {
            publishing.interruptRetries();
            // in-flight workers still retry/dead-letter through it: close it once they are done
            Thread.ofVirtual().name("farine-consume-close-" + queue()).start(() -> closeWhenIdle(publishing));
        }
    }

    private void closeWhenIdle(FailedMessages publishing) {
        try {
            // workers end by shutdown_timeout (then the container interrupts them); a little more for their retries
            awaitIdle(method.service().config().duration("shutdown_timeout", Duration.ofSeconds(30), ChronoUnit.SECONDS)
                    .plusSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publishing.close();
    }

    @Override
    public void kill() {
        FailedMessages publishing = failed;
        if (publishing != null) {
            publishing.abort();
        }
        super.kill();
    }

    /** A failing message is retried and dead-lettered: one WARN line per attempt, the stack once in {@link #settle}. */
    @Override
    public boolean expected(Throwable failure) {
        return true;
    }

    @Override
    public EntrypointInfo info() {
        return new EntrypointInfo("consume", method.name(), exchange, routingKey, queue(), false);
    }

    @Override
    public String describe() {
        return "consume " + exchange + "(" + (type == null ? annotation.type().wireName() : type.wireName()) + ", " + routingKey
                + (queue().equals(routingKey) ? "" : " -> " + queue()) + ")";
    }
}
