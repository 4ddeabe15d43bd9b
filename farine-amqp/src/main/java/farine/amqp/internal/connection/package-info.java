/**
 * The broker connections: {@code AmqpConnector} (one connection with its recovery, the connect loop's backoff, the
 * channels it opens; the implementation of {@code farine.amqp.spi.AmqpConnection}), {@code AmqpConnectors} (a
 * service's shared consuming and publishing connectors, per section), {@code Connections} (found by
 * {@code AmqpConnection.of} through ServiceLoader), {@code InlineDispatch} (deliveries dispatched on the connection's
 * own thread) and {@code OversizeFilter} (a body over {@code max_message_size} dropped before it is read).
 */
package farine.amqp.internal.connection;
