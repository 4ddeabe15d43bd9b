package farine.amqp.internal;

import farine.amqp.spi.MessageSizeLimit;
import farine.amqp.spi.JsonBudget;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import farine.ConfigException;
import farine.FarineException;
import farine.amqp.Consume;
import farine.amqp.ExchangeType;
import farine.spi.LogText;
import farine.spi.Entrypoint;
import farine.spi.EntrypointInfo;
import farine.spi.MethodContext;
import farine.spi.Observer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code @Consume} method: one channel on the consuming connection and a queue bound per PROTOCOL.md §1.
 * With concurrency 1 each message runs on the client's delivery thread for the channel (a virtual thread),
 * in queue order. With more, deliveries go through an inbox to workers, at most {@code concurrency} at a
 * time: whoever holds a free permit, the delivery thread or a finishing worker, takes the next one; the
 * delivery thread never waits for a method (it only binds the body and starts the worker). Ack on return;
 * retry or dead-letter on failure (see {@link Consume}).
 */
final class ConsumeEntrypoint implements Entrypoint {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumeEntrypoint.class);
    private static final int LOGGED_BODY_BYTES = 200;
    private static final Duration DEAD_LETTER_FAILURE_PAUSE = Duration.ofSeconds(1);

    private final MethodContext method;
    private final Consume annotation;
    private final String exchange;
    private final String routingKey;
    private final String queue;
    private final BodyBinder binder;
    private final AmqpConnector connector;
    private final BlockingQueue<Delivery> inbox = new LinkedBlockingQueue<>();
    private final Set<Thread> retrying = ConcurrentHashMap.newKeySet();
    private ConsumeSettings settings;
    private MessageSizeLimit sizeLimit;
    private JsonBudget budget;
    private PublishPolicy publishPolicy; // for retries and dead letters: publish_timeout, publish_retries
    private Topology topology;
    private ExchangeType type;
    private Map<String, Object> bindArgs;
    private Semaphore permits;
    private boolean inline; // concurrency 1: messages run on the delivery thread (see runHere)
    private volatile Channel channel;
    private volatile ConfirmingChannel confirms;
    private volatile String consumerTag;
    private volatile boolean stopping;
    private Observer observer = Observer.NONE;

    ConsumeEntrypoint(MethodContext method, Consume annotation) {
        this.method = method;
        this.annotation = annotation;
        String service = method.service().name();
        // PROTOCOL.md §1: exchange and routing key default to the service name; the queue is named after the key
        this.exchange = Topology.name(method.config(), Topology.EXCHANGE, annotation.exchange(), service);
        this.routingKey = Topology.name(method.config(), Topology.ROUTING_KEY, annotation.routingKey(), service);
        this.queue = Topology.name(method.config(), Topology.QUEUE, annotation.queue(), routingKey);
        this.binder = new BodyBinder(method.payloadParameters(), method.service().type().getName() + "." + method.name());
        this.connector = AmqpConnectors.of(method.service()).forSection(method.service().config());
    }

    @Override
    public void setup() {
        settings = ConsumeSettings.from(method.config());
        sizeLimit = MessageSizeLimit.from(method.config());
        // retries and dead letters are confirmed even where the section publishes with confirm = false
        publishPolicy = PublishPolicy.from(method.config()).confirmed();
        topology = Topology.from(method.config());
        type = ExchangeTypes.agreed(method.service(), exchange, method.config(), annotation.type());
        bindArgs = bindingArguments(type, annotation.bindingHeaders(), where());
        budget = JsonBudget.from(method.config(), settings.concurrency());
        permits = new Semaphore(settings.concurrency());
        observer = method.service().observer();
        inline = settings.concurrency() == 1;
    }

    static Map<String, Object> bindingArguments(ExchangeType type, String[] headers, String where) {
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
    public void start() {
        Channel c = connector.channel(connector.consuming());
        try {
            c.basicQos(settings.prefetch());
        } catch (IOException e) {
            throw new FarineException(where() + ": cannot set prefetch " + settings.prefetch() + ": " + e.getMessage(), e);
        }
        topology.declareExchange(c, exchange, type);
        topology.declareQueue(c, queue, exchange, routingKey, bindArgs, settings.retries());
        topology.declareDeadQueue(c, queue);
        confirms = new ConfirmingChannel(connector, connector.publishing(), publishPolicy);
        // deliveries not yet dispatched die with the channel; the broker delivers them again after recovery
        c.addShutdownListener(cause -> inbox.clear());
        channel = c;
        try {
            consumerTag = c.basicConsume(queue, false,
                    (tag, message) -> onDelivery(new Delivery(c, message.getEnvelope(), message.getProperties(), message.getBody())),
                    this::cancelledByBroker);
        } catch (IOException e) {
            throw new FarineException(where() + ": cannot consume from queue '" + queue + "': " + Topology.reason(e), e);
        }
    }

    private void cancelledByBroker(String tag) {
        if (!stopping) {
            method.service().fail("consumer of queue '" + queue + "' (" + where() + ")",
                    new FarineException("the broker cancelled the consumer of queue '" + queue + "' (was it deleted?)"));
        }
    }

    /**
     * On the client's delivery thread: queues the message, then, if a permit is free, dispatches from the
     * head of the inbox. A worker that finishes hands its permit straight to the next message ({@link #chain}),
     * so messages go from worker to worker and no thread in between has to be woken per message (a
     * dispatcher thread woken per message was a tenth of farine's CPU samples in farine-bench's consume).
     * Only a permit holder takes from the inbox, so with concurrency 1 messages run in queue order.
     */
    private void onDelivery(Delivery delivery) {
        if (inline && Thread.currentThread().isVirtual()) {
            runHere(delivery);
            return;
        }
        inbox.add(delivery);
        if (!stopping && permits.tryAcquire()) {
            chain(inbox.poll());
        }
    }

    /**
     * Concurrency 1: the message runs on this delivery thread, a virtual thread of the consuming connection
     * ({@link AmqpConnector}), as a hand-written consumer's would. The client hands a channel's deliveries
     * over one at a time, in queue order, so no inbox and no thread switch per message are needed (a worker
     * thread started per message was most of farine's CPU per consumed message above the raw client's);
     * the others wait in the client's queue for the channel, within the prefetch. After the stop began a
     * message is not run: it stays unacked and the broker delivers it again when the channel closes.
     */
    private void runHere(Delivery delivery) {
        if (stopping) {
            return;
        }
        permits.acquireUninterruptibly(); // free but for closeWhenIdle's instant
        try {
            if (!stopping) {
                dispatch(delivery, true);
            }
        } catch (Throwable t) {
            method.service().fail("consumer of " + where(), t);
        } finally {
            permits.release();
        }
    }

    /**
     * Holds a permit: dispatches {@code delivery} and, for as long as messages are settled here
     * (dead-lettered), the next ones in the inbox; a started worker takes the permit over. The permit goes
     * back when the inbox is empty or the consumer stops, then the inbox is looked at once more: a message
     * queued while this held the permit found none free. A message not dispatched when the consumer stops
     * stays unacked and the broker delivers it again when the channel closes.
     */
    private void chain(Delivery delivery) {
        Delivery next = delivery;
        try {
            while (true) {
                while (next != null && !stopping) {
                    if (dispatch(next, false)) {
                        return;
                    }
                    next = inbox.poll();
                }
                permits.release();
                if (stopping || inbox.isEmpty() || !permits.tryAcquire()) {
                    return;
                }
                next = inbox.poll();
            }
        } catch (Throwable t) {
            permits.release();
            method.service().fail("consumer of " + where(), t);
        }
    }

    /**
     * Starts a worker for {@code delivery} (true: the worker holds the permit now), or settles it here (false):
     * a message refused before the method, or, with {@code here}, run by the method on this thread.
     */
    private boolean dispatch(Delivery delivery, boolean here) {
        long started = System.nanoTime();
        long size = MessageSizeLimit.sizeOf(delivery.amqpProperties(), delivery.body());
        if (sizeLimit.exceededBy(size)) {
            // checked before binding: parsing a huge body is what the limit protects the heap from; a retry cannot help
            LOG.warn("{}: message too large (delivery_tag={}, correlation_id={}): {} bytes, max_message_size {} bytes;"
                    + " dead-lettering it to '{}'", where(), delivery.tag(), LogText.escape(delivery.correlationId()), size, sizeLimit.bytes(),
                    DeadLetters.queueFor(queue));
            deadLetter(delivery, sizeLimit.reason(size));
            observer.consumed(method.service().name(), method.name(), Observer.DEAD_LETTERED, System.nanoTime() - started);
            return false;
        }
        Object[] args;
        try {
            args = binder.bind(delivery, budget);
        } catch (BodyBinder.UnreadableBody e) {
            LOG.warn("{}: {}; dead-lettering it to '{}' (body: {})", where(), LogText.escape(e.getMessage()), DeadLetters.queueFor(queue),
                    preview(delivery.body()));
            deadLetter(delivery, e.getMessage());
            observer.consumed(method.service().name(), method.name(), Observer.MALFORMED, System.nanoTime() - started);
            return false;
        }
        if (here) {
            method.runHere(method.worker(Observer.CONSUME, delivery.correlationId(), delivery.headers()), args,
                    (result, failure) -> settle(delivery, failure, started));
            return false;
        }
        AtomicBoolean ran = new AtomicBoolean();
        method.spawn(method.worker(Observer.CONSUME, delivery.correlationId(), delivery.headers()), args, (result, failure) -> {
            ran.set(true);
            settle(delivery, failure, started);
        }).whenComplete((ok, failure) -> {
            if (ran.get()) {
                chain(inbox.poll()); // on the finishing worker's thread
            } else {
                permits.release(); // not started (the container is stopping): the message stays unacked
            }
        });
        return true;
    }

    private void settle(Delivery delivery, Throwable failure, long started) {
        String outcome = settle(delivery, failure);
        if (outcome != null) {
            observer.consumed(method.service().name(), method.name(), outcome, System.nanoTime() - started);
        }
    }

    /** Acks, retries or dead-letters; returns which ({@link Observer}'s outcomes), or null when the message was left unacked. */
    private String settle(Delivery delivery, Throwable failure) {
        if (delivery.settled()) {
            return Observer.ACKED; // the method acked or nacked itself
        }
        if (failure == null) {
            try {
                delivery.ack();
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
        int retries = delivery.retries();
        if (!settings.retryAgain(retries)) {
            // the one stack trace of a failing message: the container logged each attempt in one WARN line
            LOG.error("{}: message failed after {} retries; dead-lettering it to '{}'", where(), retries, DeadLetters.queueFor(queue), failure);
            deadLetter(delivery, DeadLetters.describe(failure));
            return Observer.DEAD_LETTERED;
        }
        long delay = settings.backoff(retries + 1).toMillis();
        LOG.info("{}: retry {} of {} in {} ms", where(), retries + 1, settings.retries(), delay);
        // the worker (and its dependencies) ends now; the pause runs on its own thread, the message unacked meanwhile
        Thread retry = Thread.ofVirtual().name("farine-retry-" + queue).unstarted(() -> retry(delivery, retries, delay));
        retrying.add(retry);
        retry.start();
        return Observer.RETRIED;
    }

    private void retry(Delivery delivery, int retries, long delayMillis) {
        try {
            Thread.sleep(delayMillis);
            if (topology.quorum()) {
                delivery.nack(true); // the quorum queue counts it in x-delivery-count
                return;
            }
            AMQP.BasicProperties props = delivery.amqpProperties();
            Map<String, Object> headers = DeadLetters.forRetry(props.getHeaders(), retries,
                    delivery.exchange(), delivery.routingKey());
            // through the default exchange: back to this queue only, not to every queue bound to the exchange
            publishConfirmed(queue, props.builder().headers(headers).build(), delivery.body(), false);
            delivery.ack();
        } catch (InterruptedException e) {
            LOG.info("{}: stopping; retry abandoned, message left unacked for redelivery", where());
        } catch (Exception e) {
            LOG.error("{}: cannot publish the retry ({}); the message goes back to the queue", where(), e.toString());
            nackQuietly(delivery);
        } finally {
            retrying.remove(Thread.currentThread());
        }
    }

    private void deadLetter(Delivery delivery, String error) {
        AMQP.BasicProperties props = delivery.amqpProperties();
        Map<String, Object> headers = DeadLetters.forDeadLetter(props.getHeaders(), error, Instant.now(), method.service().name(),
                method.name(), queue, delivery.exchange(), delivery.routingKey());
        AMQP.BasicProperties letter = props.builder().headers(headers).build();
        String dead = DeadLetters.queueFor(queue);
        try {
            if (topology.autoDeclare()) {
                // idempotent and rare: a dead-letter queue someone deleted comes back instead of the message vanishing
                topology.declareDeadQueue(confirms.channel(), queue);
            }
            // without auto_declare, mandatory makes a missing dead-letter queue an error, not a loss
            publishConfirmed(dead, letter, delivery.body(), !topology.autoDeclare());
            delivery.ack();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("{}: interrupted while dead-lettering; message left unacked for redelivery", where());
        } catch (Exception e) {
            Throwable reason = e instanceof ExecutionException ? e.getCause() : e;
            LOG.error("{}: cannot dead-letter to '{}' ({}); the message goes back to the queue in {} ms", where(), dead,
                    reason.toString(), DEAD_LETTER_FAILURE_PAUSE.toMillis());
            // a pause, not a hot loop of redeliveries, while the dead-letter queue is missing or the broker refuses it
            try {
                Thread.sleep(DEAD_LETTER_FAILURE_PAUSE);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            nackQuietly(delivery);
        }
    }

    private void publishConfirmed(String toQueue, AMQP.BasicProperties props, byte[] body, boolean mandatory)
            throws InterruptedException, ExecutionException, TimeoutException {
        confirms.publish("", toQueue, mandatory, props, body).get(publishPolicy.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    private void nackQuietly(Delivery delivery) {
        try {
            delivery.nack(true);
        } catch (RuntimeException e) {
            LOG.debug("{}: nack failed ({}); the broker redelivers on reconnect", where(), e.toString());
        }
    }

    private static String preview(byte[] body) {
        return LogText.excerpt(body, LOGGED_BODY_BYTES);
    }

    @Override
    public void stop() {
        stopping = true;
        Channel c = channel;
        String tag = consumerTag;
        if (c != null && tag != null && c.isOpen()) {
            try {
                c.basicCancel(tag);
            } catch (IOException | ShutdownSignalException e) {
                LOG.debug("{}: cancel: {}", where(), e.toString());
            }
        }
        retrying.forEach(Thread::interrupt);
        // in-flight workers still retry/dead-letter through `confirms`: close it once they are done
        ConfirmingChannel publishing = confirms;
        if (publishing != null) {
            Thread.ofVirtual().name("farine-consume-close-" + queue).start(() -> closeWhenIdle(publishing));
        }
    }

    private void closeWhenIdle(ConfirmingChannel publishing) {
        try {
            // workers end by shutdown_timeout (then the container interrupts them); a little more for their retries
            long limit = method.service().config().duration("shutdown_timeout", java.time.Duration.ofSeconds(30),
                    java.time.temporal.ChronoUnit.SECONDS).plusSeconds(5).toMillis();
            if (permits.tryAcquire(settings.concurrency(), limit, TimeUnit.MILLISECONDS)) {
                permits.release(settings.concurrency());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publishing.close();
    }

    @Override
    public void kill() {
        stopping = true;
        retrying.forEach(Thread::interrupt);
        ConfirmingChannel publishing = confirms;
        if (publishing != null) {
            publishing.abort();
        }
        Channel c = channel;
        if (c != null) {
            try {
                c.abort();
            } catch (Exception e) {
                LOG.debug("{}: abort: {}", where(), e.toString());
            }
        }
    }

    /** A failing message is retried and dead-lettered: one WARN line per attempt, the stack once in {@link #settle}. */
    @Override
    public boolean expected(Throwable failure) {
        return true;
    }

    /** Not ready while the consumer is not registered (before start, or its channel down and recovering). */
    @Override
    public String notReady() {
        Channel c = channel;
        return c != null && c.isOpen() ? null : "consumer " + where() + ": not consuming from queue '" + queue + "'";
    }

    @Override
    public EntrypointInfo info() {
        return new EntrypointInfo("consume", method.name(), exchange, routingKey, queue, false);
    }

    @Override
    public String describe() {
        return "consume " + exchange + "(" + (type == null ? annotation.type().wireName() : type.wireName()) + ", " + routingKey
                + (queue.equals(routingKey) ? "" : " -> " + queue) + ")";
    }

    private String where() {
        return method.service().name() + "." + method.name();
    }
}
