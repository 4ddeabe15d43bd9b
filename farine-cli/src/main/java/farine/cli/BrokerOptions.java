package farine.cli;

import farine.Config;
import farine.ConfigException;
import farine.ConfigSection;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --amqp-uri} and {@code --config}, shared by the commands that talk to a broker (call, list, ping, publish). */
final class BrokerOptions {

    @Option(names = "--amqp-uri", paramLabel = "URI", description = "The broker. Default: amqp_uri of the service's INI section, else of [DEFAULT].")
    private String amqpUri;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The INI file. Default: env FARINE_INI, else etc/farine.ini, else /etc/farine.ini; none at all is fine.")
    private Path config;

    Config config(Main main) {
        return ServiceOptions.config(main, config);
    }

    /** The broker for {@code section} ({@code DEFAULT} when the command concerns no one service); never the embedded one. */
    String uri(Config loaded, String section, String what) {
        ConfigSection s = loaded.section(section);
        String uri = amqpUri != null ? amqpUri : s.get("amqp_uri").map(String::strip).orElse("");
        if (uri.isEmpty() || uri.equals("embedded")) {
            throw new ConfigException("no broker to " + what + ": give --amqp-uri, or amqp_uri in [" + section + "] or [DEFAULT] (env FARINE_"
                    + section.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_")
                    + "_AMQP_URI); a service on the embedded broker prints its URI when it starts");
        }
        return uri;
    }
}
