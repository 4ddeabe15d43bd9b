/**
 * farine-amqp's implementation, split by concept into sibling packages; this package holds only the wiring,
 * {@code AmqpPlugin} (the {@code @Consume} entry points, the {@code @Publish} dependencies, the section keys it
 * validates). No other module uses any of it (ArchitectureTest): what they need is in {@code farine.amqp.spi}.
 *
 * <ul>
 *   <li>{@code connection}: the broker connections a service shares (consuming, publishing), their recovery, the
 *       inline dispatch and the oversize filter.
 *   <li>{@code topology}: what farine declares and how it is named: exchanges, queues, bindings, dead-letter queues.
 *   <li>{@code publish}: publishing with confirms ({@code ConfirmingChannel}, {@code PublishPolicy}), the
 *       {@code Publisher} of {@code @Publish} and of {@code Publisher.connect}.
 *   <li>{@code consume}: the {@code @Consume} entry point on {@code QueueConsumer}, binding a body, retries and dead
 *       letters.
 * </ul>
 *
 * Dependencies point one way: {@code consume} → {@code publish} → {@code connection}, {@code topology}; this package
 * on top.
 */
package farine.amqp.internal;
