/**
 * What farine-amqp finds of farine-embedded with {@link java.util.ServiceLoader}, without naming its implementation:
 * {@link farine.embedded.spi.EmbeddedBroker}, the development broker behind {@code amqp_uri = embedded}. Outside core,
 * which knows no transport. See docs/architecture.md.
 */
package farine.embedded.spi;
