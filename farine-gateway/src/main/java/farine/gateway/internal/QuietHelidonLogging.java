package farine.gateway.internal;

import io.helidon.logging.common.spi.LoggingProvider;

/**
 * Helidon's logging set-up, left as it is: farine configures logging itself (SLF4J), and without any provider Helidon
 * prints "There is no Helidon logging implementation on classpath" to standard error at every start.
 */
public final class QuietHelidonLogging implements LoggingProvider {

    @Override
    public void initialization() {
        // nothing to set up: Helidon's JDK loggers stay as the JVM has them
    }

    @Override
    public void runTime() {
        // as initialization()
    }
}
