package farine.amqp.internal.consume;

import com.rabbitmq.client.AMQP;
import farine.amqp.internal.connection.AmqpConnector;
import farine.amqp.internal.publish.ConfirmingChannel;
import farine.amqp.internal.publish.PublishPolicy;
import farine.amqp.internal.topology.Topology;
import farine.spi.MethodContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a {@code @Consume} method's failed or refused messages go: back to its queue after a pause (a retry, with
 * its count in a header), or to {@code <queue>.dead} with the reason (a dead letter), each published with confirms
 * on a channel of the publishing connection and acked only once the broker has it. Retries pause on threads of
 * their own, interrupted by stop and kill.
 */
final class FailedMessages {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumeEntrypoint.class);
    private static final Duration DEAD_LETTER_FAILURE_PAUSE = Duration.ofSeconds(1);

    private final MethodContext method;
    private final String queue;
    private final String where;
    private final Topology topology;
    private final PublishPolicy policy;
    private final ConfirmingChannel confirms;
    private final Set<Thread> retrying = ConcurrentHashMap.newKeySet();

    /** Opens the confirming channel; {@code policy} is confirmed. */
    FailedMessages(MethodContext method, String queue, AmqpConnector connector, Topology topology, PublishPolicy policy) {
        this.method = method;
        this.queue = queue;
        this.where = method.service().name() + "." + method.name();
        this.topology = topology;
        this.policy = policy;
        this.confirms = new ConfirmingChannel(connector, connector.publishing(), policy);
    }

    /** Republishes it to the queue after {@code delayMillis} on a thread of its own (the message unacked meanwhile). */
    void retryLater(ConsumedMessage message, int retries, long delayMillis) {
        Thread retry = Thread.ofVirtual().name("farine-retry-" + queue).unstarted(() -> retry(message, retries, delayMillis));
        retrying.add(retry);
        retry.start();
    }

    private void retry(ConsumedMessage message, int retries, long delayMillis) {
        try {
            Thread.sleep(delayMillis);
            if (topology.quorum()) {
                message.nack(true); // the quorum queue counts it in x-delivery-count
                return;
            }
            AMQP.BasicProperties props = message.properties();
            Map<String, Object> headers = DeadLetters.forRetry(props.getHeaders(), retries, message.exchange(), message.routingKey());
            // through the default exchange: back to this queue only, not to every queue bound to the exchange
            publishConfirmed(queue, props.builder().headers(headers).build(), message.body(), false);
            message.ack();
        } catch (InterruptedException e) {
            LOG.info("{}: stopping; retry abandoned, message left unacked for redelivery", where);
        } catch (Exception e) {
            LOG.error("{}: cannot publish the retry ({}); the message goes back to the queue", where, e.toString());
            message.ackOrRequeue(false);
        } finally {
            retrying.remove(Thread.currentThread());
        }
    }

    /** Publishes it to {@code <queue>.dead} with {@code error}, then acks it; on failure it goes back to the queue after a pause. */
    void deadLetter(ConsumedMessage message, String error) {
        AMQP.BasicProperties props = message.properties();
        Map<String, Object> headers = DeadLetters.forDeadLetter(props.getHeaders(), error, Instant.now(), method.service().name(),
                method.name(), queue, message.exchange(), message.routingKey());
        AMQP.BasicProperties letter = props.builder().headers(headers).build();
        String dead = Topology.deadLetterQueue(queue);
        try {
            if (topology.autoDeclare()) {
                // idempotent and rare: a dead-letter queue someone deleted comes back instead of the message vanishing
                topology.declareDeadQueue(confirms.channel(), queue);
            }
            // without auto_declare, mandatory makes a missing dead-letter queue an error, not a loss
            publishConfirmed(dead, letter, message.body(), !topology.autoDeclare());
            message.ack();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("{}: interrupted while dead-lettering; message left unacked for redelivery", where);
        } catch (Exception e) {
            Throwable reason = e instanceof ExecutionException ? e.getCause() : e;
            LOG.error("{}: cannot dead-letter to '{}' ({}); the message goes back to the queue in {} ms", where, dead,
                    reason.toString(), DEAD_LETTER_FAILURE_PAUSE.toMillis());
            // a pause, not a hot loop of redeliveries, while the dead-letter queue is missing or the broker refuses it
            try {
                Thread.sleep(DEAD_LETTER_FAILURE_PAUSE);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            message.ackOrRequeue(false);
        }
    }

    private void publishConfirmed(String toQueue, AMQP.BasicProperties props, byte[] body, boolean mandatory)
            throws InterruptedException, ExecutionException, TimeoutException {
        confirms.publish("", toQueue, mandatory, props, body).get(policy.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    /** Abandons the pending retries (their messages stay unacked). */
    void interruptRetries() {
        retrying.forEach(Thread::interrupt);
    }

    void close() {
        confirms.close();
    }

    void abort() {
        retrying.forEach(Thread::interrupt);
        confirms.abort();
    }
}
