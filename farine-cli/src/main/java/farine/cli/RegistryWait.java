package farine.cli;

import farine.registry.Registry;
import java.time.Duration;
import picocli.CommandLine.Option;

/** What the commands that read the registry ({@code list}, {@code describe}) share: how long the instances have to answer. */
final class RegistryWait {

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the running instances have to answer (default 1s).")
    private Duration wait = Registry.DEFAULT_WAIT;

    /** The registry on the broker at {@code uri}, its first picture taken within {@code --wait}. */
    Registry connect(String uri) {
        return Registry.connect(uri, wait);
    }
}
