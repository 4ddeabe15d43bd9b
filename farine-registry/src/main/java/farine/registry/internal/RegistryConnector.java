package farine.registry.internal;

import farine.registry.Registry;
import java.time.Duration;

/** farine-registry's {@link Registry.Connector}; public for {@link java.util.ServiceLoader} only. */
public final class RegistryConnector implements Registry.Connector {

    @Override
    public Registry connect(String amqpUri, Duration wait) {
        return RegistryReader.connect(amqpUri, wait);
    }
}
