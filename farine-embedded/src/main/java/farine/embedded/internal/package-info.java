/**
 * farine-embedded's implementation: the Qpid broker, the one shared per process ({@code SharedBroker}, what
 * {@link java.util.ServiceLoader} finds as {@code farine.embedded.spi.EmbeddedBroker}), its logging. No other module uses it.
 */
package farine.embedded.internal;
