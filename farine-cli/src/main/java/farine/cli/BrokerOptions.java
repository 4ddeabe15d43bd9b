package farine.cli;

import farine.Config;
import farine.ConfigException;
import farine.ConfigSection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * The broker for {@code section} ({@code DEFAULT} when the command concerns no one service): --amqp-uri, else the
     * section's amqp_uri, else the embedded broker of a running launcher ({@link BrokerRunFile}), the newest one,
     * named on stderr when there are several. {@code what} completes "no broker to ...".
     */
    static String uri(Main main, String amqpUri, Config loaded, String section, String what, PrintWriter err) {
        ConfigSection s = loaded.section(section);
        String uri = amqpUri != null ? amqpUri : s.get("amqp_uri").map(String::strip).orElse("");
        if (!uri.isEmpty() && !uri.equals("embedded")) {
            return uri;
        }
        List<BrokerRunFile.Running> running = BrokerRunFile.running(main.env());
        if (running.isEmpty()) {
            throw new ConfigException("no broker to " + what + ": no amqp_uri configured and no"
                    + " bin/farine with an embedded broker is running (none registered in " + BrokerRunFile.directory(main.env())
                    + "); start one (bin/farine --start=...), or give --amqp-uri, or amqp_uri in [" + section + "] or [DEFAULT] (env FARINE_"
                    + section.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_AMQP_URI)");
        }
        BrokerRunFile.Running newest = running.get(0);
        if (running.size() > 1) {
            err.println("farine: " + running.size() + " farine processes run an embedded broker; using the newest (pid "
                    + newest.pid() + ", " + newest.uri() + "); give --amqp-uri to choose");
            err.flush();
        }
        return newest.uri();
    }

    String uri(Main main, Config loaded, String section, String what, PrintWriter err) {
        return uri(main, amqpUri, loaded, section, what, err);
    }
}
