/**
 * What other modules use of farine-amqp (farine-rpc, farine-registry, the launcher, the gateway): the connection
 * handle {@link farine.amqp.spi.AmqpConnection} and what an INI section resolves to ({@link farine.amqp.spi.AmqpSettings},
 * {@link farine.amqp.spi.MessageSizeLimit}, {@link farine.amqp.spi.JsonBudget}, {@link farine.amqp.spi.QueueArguments}).
 * See docs/architecture.md.
 */
package farine.amqp.spi;
