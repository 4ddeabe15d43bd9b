package farine.rpc.internal.server;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import farine.FarineException;
import farine.amqp.spi.AmqpConnection;
import farine.rpc.RpcClients;
import farine.rpc.internal.wire.ReplyFrame;
import farine.spi.Extension;
import farine.spi.ServiceContext;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the reserved method {@value RpcClients#PING_METHOD} of a service with RPC methods (docs/registry.md,
 * an addition to PROTOCOL.md): queue {@code svc__farine.ping}, bound to the service's exchange, not durable and
 * deleted with its last consumer, so that once no instance runs a ping is returned by the broker at once. No
 * Python method can have a dot in its name. Started after the service's entry points, stopped before them. It
 * consumes where the service's RPC methods do: on the serving connection, answering on the channel the pings come on,
 * or with {@code reply_confirm = true} on the consuming connection, answering on a channel of the publishing one. Never
 * an answer on the consuming connection: under a memory or disk alarm the broker blocks a connection once it publishes,
 * and a blocked consuming connection would stall every {@code @Consume} delivery and acknowledgement of the container.
 */
public final class PingResponder implements Extension {

    private static final Logger LOG = LoggerFactory.getLogger(PingResponder.class);

    private final ServiceContext service;
    private final AmqpConnection connector;
    private final String queue;
    private final boolean serving;
    private volatile Channel channel;
    private volatile Channel answers; // with reply_confirm = true: the publishing connection's channel for the answers

    public PingResponder(ServiceContext service) {
        this.service = service;
        this.connector = AmqpConnection.of(service, service.config());
        this.queue = service.name() + "__" + RpcClients.PING_METHOD;
        this.serving = !ReplySender.replyConfirms(service.config());
        if (serving) {
            connector.willServe();
        }
    }

    @Override
    public void start() {
        Channel ch = connector.channel(serving ? connector.serving() : connector.consuming());
        // one consumer's deliveries run one at a time: the answers' channel is never used by two threads at once
        Channel out = serving ? ch : connector.channel(connector.publishing());
        answers = serving ? null : out;
        Map<String, Object> answer = Map.of("service", service.name(), "pid", ProcessHandle.current().pid());
        byte[] item = ReplyFrame.item(answer);
        try {
            ch.queueDeclare(queue, false, false, true, null);
            ch.queueBind(queue, service.name(), queue);
            ch.basicConsume(queue, true, new DefaultConsumer(ch) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    reply(out, properties, item);
                }
            });
        } catch (IOException e) {
            throw new FarineException("cannot answer pings of " + service.name() + " on queue " + queue + " at " + connector.describe()
                    + ": " + e.getMessage(), e);
        }
        channel = ch;
    }

    private void reply(Channel ch, AMQP.BasicProperties request, byte[] item) {
        if (request.getReplyTo() == null || request.getReplyTo().isEmpty()) {
            return;
        }
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().correlationId(request.getCorrelationId())
                .contentType("application/json").contentEncoding("utf-8").deliveryMode(1).build();
        try {
            ch.basicPublish("", request.getReplyTo(), properties, item);
            ch.basicPublish("", request.getReplyTo(), properties, ReplyFrame.end());
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: cannot answer a ping: {}", service.name(), e.toString());
        }
    }

    @Override
    public void stop() {
        close();
    }

    @Override
    public void kill() {
        close();
    }

    private void close() {
        Channel ch = channel;
        Channel out = answers;
        channel = null;
        answers = null;
        for (Channel c : new Channel[] {ch, out}) {
            if (c != null) {
                try {
                    c.abort();
                } catch (Exception e) {
                    // closing the channel cancels the consumer; the queue goes with its last consumer
                }
            }
        }
    }
}
