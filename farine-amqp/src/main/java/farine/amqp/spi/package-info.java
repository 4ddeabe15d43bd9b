/**
 * What other modules use of farine-amqp (farine-rpc, farine-registry, the launcher, the gateway): the connection
 * handle {@link farine.amqp.spi.AmqpConnection} (made by {@link farine.amqp.spi.AmqpConnections}), one object per
 * handle for a shared extension ({@link farine.amqp.spi.PerConnection}), what an INI section resolves to
 * ({@link farine.amqp.spi.AmqpSettings}, {@link farine.amqp.spi.MessageSizeLimit}, {@link farine.amqp.spi.JsonBudget},
 * {@link farine.amqp.spi.QueueArguments}), the skeleton of an entry point that consumes a queue
 * ({@link farine.amqp.spi.QueueConsumer}, its {@link farine.amqp.spi.Delivery}) and one socket write for a burst of
 * commands ({@link farine.amqp.spi.WriteBatch}). See docs/architecture.md.
 */
package farine.amqp.spi;
