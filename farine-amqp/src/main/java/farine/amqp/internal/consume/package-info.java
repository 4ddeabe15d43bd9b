/**
 * Consuming: {@code ConsumeEntrypoint} (an {@code @Consume} method on {@code QueueConsumer}), {@code ConsumedMessage}
 * (the delivery, acked or nacked once), {@code ConsumeSettings} (prefetch, concurrency, retries), {@code BodyBinder}
 * (the body bound to the method's parameter), and what happens to a failed message: {@code FailedMessages} (retried
 * with a backoff, then dead-lettered) with the headers it carries ({@code DeadLetters}).
 */
package farine.amqp.internal.consume;
