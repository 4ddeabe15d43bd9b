package farine.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * An RPC client written by hand with the plain client: one exclusive, auto-delete reply queue
 * (bound to exchange {@code svc} under its own name, PROTOCOL.md §3), 32-hex correlation ids, a
 * map of pending calls. Requests are transient and carry the {@code expiration} and deadline header a
 * farine client sends (PROTOCOL.md §4), and a non-stream call the one-reply header (§3), so that both
 * sides ask the broker for the same work. A non-stream call
 * completes at its first body frame; a stream at {@code __end__}.
 */
final class RawRpcClient implements RpcCaller {

    private static final long TIMEOUT_SECONDS = 30;
    private static final String DEADLINE_HEADER = "x-farine-deadline";
    private static final String TRACEPARENT = "traceparent";

    private final String service;
    private final Wire wire;
    private final Channel channel;
    private final Channel requests;
    private final String replyQueue;
    private final Set<RawProtocol> protocol;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private RawRpcClient(String service, Wire wire, Channel channel, Channel requests, String replyQueue, Set<RawProtocol> protocol) {
        this.service = service;
        this.wire = wire;
        this.channel = channel;
        this.requests = requests;
        this.replyQueue = replyQueue;
        this.protocol = protocol;
    }

    static RawRpcClient start(Connection connection, String service, Wire wire) {
        return start(connection, service, wire, EnumSet.noneOf(RawProtocol.class));
    }

    /** {@code protocol}: what it asks of the broker beyond its default ({@link RawProtocol}). */
    static RawRpcClient start(Connection connection, String service, Wire wire, Set<RawProtocol> protocol) {
        try {
            Channel channel = connection.createChannel();
            boolean direct = protocol.contains(RawProtocol.direct_reply_to);
            if (direct && protocol.contains(RawProtocol.request_channel)) {
                throw new IllegalArgumentException("direct reply-to takes the requests on the channel that consumes the replies");
            }
            String replyQueue = direct ? PlainRpc.DIRECT_REPLY_TO
                    : protocol.contains(RawProtocol.reply_queue_v2)
                            ? channel.queueDeclare("", false, true, true, java.util.Map.of("x-queue-version", 2)).getQueue()
                            : channel.queueDeclare().getQueue();
            if (!direct) {
                channel.queueBind(replyQueue, service, replyQueue);
            }
            Channel requests = protocol.contains(RawProtocol.request_channel) ? connection.createChannel() : channel;
            RawRpcClient client = new RawRpcClient(service, wire, channel, requests, replyQueue, protocol);
            channel.basicConsume(replyQueue, true, client.new Replies(channel));
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException("starting the raw RPC client of " + service, e);
        }
    }

    @Override
    public String echo(String text) {
        return await(echoAsync(text), "echo");
    }

    @Override
    public CompletableFuture<String> echoAsync(String text) {
        Pending call = new Pending(false);
        send(RawRpcServer.ECHO, call, text);
        return call.result.thenApply(JsonNode::asString);
    }

    @Override
    public long items(int n) {
        Pending call = new Pending(true);
        send(RawRpcServer.ITEMS, call, n);
        await(call.result, "items");
        return call.items.get();
    }

    private void send(String method, Pending call, Object arg) {
        String correlationId = UUID.randomUUID().toString().replace("-", "");
        pending.put(correlationId, call);
        // what PROTOCOL.md §4 asks of a Java client, as farine sends it: the request dies in the queue at the
        // caller's timeout (expiration, which costs the broker a timer per message) and carries its deadline
        long timeoutMillis = TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS);
        // transient, and a non-stream call asks for one reply message, as farine's client does (PROTOCOL.md §2-3)
        AMQP.BasicProperties.Builder props = Wire.properties().deliveryMode(1).correlationId(correlationId).replyTo(replyQueue);
        if (!protocol.contains(RawProtocol.no_expiration)) {
            props.expiration(Long.toString(timeoutMillis));
        }
        if (!protocol.contains(RawProtocol.no_headers)) {
            Map<String, Object> headers = new HashMap<>(4);
            headers.put(DEADLINE_HEADER, System.currentTimeMillis() + timeoutMillis);
            if (!call.stream) {
                headers.put(Wire.SINGLE_REPLY_HEADER, Boolean.TRUE);
            }
            if (protocol.contains(RawProtocol.traceparent)) {
                headers.put(TRACEPARENT, "00-" + correlationId + "-" + correlationId.substring(0, 16) + "-01");
            }
            props.headers(headers);
        }
        try {
            requests.basicPublish(service, service + "__" + method, protocol.contains(RawProtocol.mandatory), props.build(), wire.request(arg));
        } catch (IOException e) {
            pending.remove(correlationId);
            throw new UncheckedIOException("sending " + service + "." + method, e);
        }
    }

    private <T> T await(CompletableFuture<T> future, String method) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + service + "." + method, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("raw call " + service + "." + method + " failed: " + e, e);
        }
    }

    @Override
    public void close() {
        if (requests != channel) {
            Channels.abort(requests);
        }
        Channels.abort(channel);
    }

    private static final class Pending {
        final boolean stream;
        final AtomicLong items = new AtomicLong();
        final CompletableFuture<JsonNode> result = new CompletableFuture<>();

        Pending(boolean stream) {
            this.stream = stream;
        }
    }

    private final class Replies extends DefaultConsumer {
        Replies(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
            String correlationId = props.getCorrelationId();
            Pending call = pending.get(correlationId);
            if (call == null) {
                return; // a late __end__ of a finished non-stream call (PROTOCOL.md §3)
            }
            JsonNode frame = wire.read(body);
            if (frame.path("__end__").asBoolean(false)) {
                pending.remove(correlationId);
                call.result.complete(null);
            } else if (frame.has("__except__")) {
                pending.remove(correlationId);
                call.result.completeExceptionally(new IllegalStateException(frame.get("__except__").asString()));
            } else if (call.stream) {
                call.items.incrementAndGet();
            } else {
                pending.remove(correlationId);
                call.result.complete(frame.get("body"));
            }
        }
    }
}
