package farine.amqp.spi;

import farine.ConfigException;
import farine.ConfigSection;

/**
 * The largest body an entry point parses ({@code max_message_size}, in bytes, read as
 * {@code <method>.max_message_size} then {@code max_message_size}). It is checked on the raw body
 * before any JSON is read: a parsed tree costs many times the bytes it came from, so one huge
 * message could otherwise exhaust the heap of a service that would have rejected it anyway.
 *
 * <p>Part of farine-amqp's SPI for the modules that consume from a queue (farine-rpc): immutable, any thread.
 */
public record MessageSizeLimit(long bytes) {

    public static final String MAX_MESSAGE_SIZE = "max_message_size";
    public static final long DEFAULT_BYTES = 8L * 1024 * 1024;
    /** The RabbitMQ client's default inbound limit; a body of this size or more would fail its connection. */
    public static final long CONNECTION_LIMIT = 64L * 1024 * 1024;
    /** The largest body a connection takes in; a larger one arrives empty and is refused as too large. */
    public static final long CLIENT_LIMIT = CONNECTION_LIMIT - 1;
    /** The header of a message whose body the connection dropped on arrival (larger than {@link #CLIENT_LIMIT}): its size in bytes. */
    public static final String DROPPED_BODY_SIZE = "x-farine-dropped-body-size";

    /** Reads and checks the key: a {@link ConfigException} naming section, key and value if it is not a positive integer. */
    public static MessageSizeLimit from(ConfigSection config) {
        long bytes = config.longValue(MAX_MESSAGE_SIZE, DEFAULT_BYTES);
        if (bytes < 1) {
            throw new ConfigException("[" + config.name() + "] " + MAX_MESSAGE_SIZE + " = " + bytes + ": must be at least 1 (bytes)");
        }
        return new MessageSizeLimit(bytes);
    }

    /**
     * The size of a delivered body as it was published: its length, or the size it had when the connection
     * dropped it on arrival for being larger than the client takes (the body is then empty).
     */
    public static long sizeOf(com.rabbitmq.client.AMQP.BasicProperties properties, byte[] body) {
        if (body.length == 0 && properties.getHeaders() != null && properties.getHeaders().get(DROPPED_BODY_SIZE) instanceof Number n) {
            return n.longValue(); // a publisher who sets the header on an empty body only gets its message refused
        }
        return body.length;
    }

    public boolean exceededBy(long size) {
        return size > bytes;
    }

    /** Why a body of {@code size} bytes is refused, for the error reply or dead letter and the log. */
    public String reason(long size) {
        return "message of " + size + " bytes exceeds " + MAX_MESSAGE_SIZE + " = " + bytes + " bytes";
    }
}
