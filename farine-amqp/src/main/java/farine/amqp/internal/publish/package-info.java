/**
 * Publishing: {@code ConfirmingChannel} (a channel that publishes with publisher confirms, retries and a timeout),
 * {@code PublishPolicy} (the section's {@code publish_*}, {@code confirm}, {@code mandatory}, {@code delivery_mode}),
 * {@code AmqpPublisher} (the {@code Publisher}), its two ways in: {@code PublisherProvider} (the {@code @Publish}
 * dependency) and {@code StandalonePublisher} ({@code Publisher.connect}, found through {@code PublisherConnector}).
 */
package farine.amqp.internal.publish;
