/**
 * The AMQP API of a service: {@link farine.amqp.Consume}, {@link farine.amqp.Publish}, {@link farine.amqp.Publisher},
 * {@link farine.amqp.Message}. See docs/amqp.md.
 */
package farine.amqp;
