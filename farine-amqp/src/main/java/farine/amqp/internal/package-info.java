/**
 * farine-amqp's implementation: the connections (AmqpConnector, recovery, the oversize filter), topology, the
 * {@code @Consume} entry point with its retries and dead letters, the confirming publisher. No other module uses it.
 */
package farine.amqp.internal;
