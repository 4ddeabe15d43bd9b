package farine.amqp.internal.connection;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.AMQConnection;
import com.rabbitmq.client.impl.AMQImpl;
import com.rabbitmq.client.impl.Frame;
import com.rabbitmq.client.impl.FrameHandler;
import com.rabbitmq.client.impl.FrameHandlerFactory;
import com.rabbitmq.client.WriteListener;
import farine.amqp.spi.MessageSizeLimit;
import farine.amqp.spi.WriteBatch;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps a message body larger than the client takes from ever reaching it. The RabbitMQ client refuses
 * a body over its inbound limit (64 MiB) by failing the whole connection, which recovers, gets the same
 * message again and fails again, forever. Between the socket and the client, this reads the content
 * header of each message: for a body over {@code limit} bytes it hands the client the same properties
 * with an empty body and {@link #ORIGINAL_SIZE} added, and reads the body's frames off the socket
 * without keeping them. The entry point then refuses the message as too large ({@link #size}) once:
 * a dead letter without its body, or an error reply; the connection stays up.
 *
 * <p>Also where a {@link WriteBatch} defers flushes: every farine connection's writes go through here.
 *
 * <p>{@link #readFrame} runs on the connection's reader thread only (one per connection), hence the plain map.
 */
final class OversizeFilter implements FrameHandler {

    /** The header of a message whose body was dropped on arrival: its size in bytes. */
    static final String ORIGINAL_SIZE = MessageSizeLimit.DROPPED_BODY_SIZE;
    /** The RabbitMQ client's default inbound limit; a body of this size or more fails its connection. */
    static final long CLIENT_LIMIT = MessageSizeLimit.CONNECTION_LIMIT;
    // content header payload: class id (2), weight (2), body size (8), then the properties (AMQP 0-9-1 §4.2.6)
    private static final int BODY_SIZE_OFFSET = 4;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OversizeFilter.class);

    private final FrameHandler delegate;
    private final long limit;
    // the flush a WriteBatch runs at its close: a failure means the socket is broken, which the reader finds too
    private final WriteBatch.Deferred deferredFlush = () -> {
        try {
            flushNow();
        } catch (IOException | RuntimeException e) {
            LOG.debug("deferred flush failed (the connection's reader sees the broken socket and recovers): {}", e.toString());
        }
    };
    // channel -> body bytes still to read and drop
    private final Map<Integer, Long> dropping = new HashMap<>();

    OversizeFilter(FrameHandler delegate, long limit) {
        this.delegate = delegate;
        this.limit = limit;
    }

    /** Wraps every frame handler {@code plain} makes. */
    static FrameHandlerFactory wrap(FrameHandlerFactory plain, long limit) {
        return (address, connectionName) -> new OversizeFilter(plain.create(address, connectionName), limit);
    }

    /**
     * The size of a message's body as it was published: the body's length, or, for a body this filter
     * dropped (empty, with the header), the size it had. A publisher who sets the header on an empty body
     * only gets its message refused as too large.
     */
    static long size(AMQP.BasicProperties properties, byte[] body) {
        return MessageSizeLimit.sizeOf(properties, body);
    }

    @Override
    public Frame readFrame() throws IOException {
        while (true) {
            Frame frame = delegate.readFrame();
            if (frame == null) {
                return null; // a read timeout: the client's heartbeat logic wants to see it
            }
            if (frame.getType() == AMQP.FRAME_BODY && !dropping.isEmpty()) {
                Long left = dropping.get(frame.getChannel());
                if (left != null) {
                    long rest = left - frame.getPayload().length;
                    if (rest > 0) {
                        dropping.put(frame.getChannel(), rest);
                    } else {
                        dropping.remove(frame.getChannel());
                    }
                    continue;
                }
            } else if (frame.getType() == AMQP.FRAME_HEADER) {
                byte[] payload = frame.getPayload();
                long bodySize = payload.length >= BODY_SIZE_OFFSET + 8 ? ByteBuffer.wrap(payload, BODY_SIZE_OFFSET, 8).getLong() : 0;
                if (bodySize > limit) {
                    dropping.put(frame.getChannel(), bodySize);
                    return withoutBody(frame, payload, bodySize);
                }
            }
            return frame;
        }
    }

    private static Frame withoutBody(Frame frame, byte[] payload, long bodySize) throws IOException {
        AMQP.BasicProperties properties = (AMQP.BasicProperties) AMQImpl.readContentHeaderFrom(
                new DataInputStream(new ByteArrayInputStream(payload)));
        Map<String, Object> headers = properties.getHeaders() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(properties.getHeaders());
        headers.put(ORIGINAL_SIZE, bodySize);
        return properties.builder().headers(headers).build().toFrame(frame.getChannel(), 0);
    }

    @Override
    public void setTimeout(int timeoutMs) throws SocketException {
        delegate.setTimeout(timeoutMs);
    }

    @Override
    public int getTimeout() throws SocketException {
        return delegate.getTimeout();
    }

    @Override
    public void sendHeader() throws IOException {
        delegate.sendHeader();
    }

    @Override
    public void initialize(AMQConnection connection) {
        delegate.initialize(connection);
    }

    @Override
    public boolean internalHearbeat() {
        return delegate.internalHearbeat();
    }

    @Override
    public void startProcessing() {
        delegate.startProcessing();
    }

    @Override
    public void finishConnectionNegotiation() {
        delegate.finishConnectionNegotiation();
    }

    @Override
    public void setFrameMax(int frameMax) {
        delegate.setFrameMax(frameMax);
    }

    @Override
    public void writeFrame(Frame frame) throws IOException {
        delegate.writeFrame(frame);
    }

    /**
     * Flushes, unless this thread has a {@link WriteBatch} open: then the batch flushes once when it closes, for every
     * command written meanwhile. A flush with a listener (none of farine's) is never deferred.
     */
    @Override
    public void flush(WriteListener listener) throws IOException {
        if (listener == null && WriteBatch.defer(deferredFlush)) {
            return;
        }
        delegate.flush(listener);
    }

    private void flushNow() throws IOException {
        delegate.flush(null);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public InetAddress getLocalAddress() {
        return delegate.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
        return delegate.getLocalPort();
    }

    @Override
    public InetAddress getAddress() {
        return delegate.getAddress();
    }

    @Override
    public int getPort() {
        return delegate.getPort();
    }
}
