package farine.cli;

import farine.Config;
import farine.ConfigException;
import farine.ConfigSection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --amqp-uri} and {@code --config}, and what the commands that talk to a broker (list, describe, ping,
 * publish, completion) do before they connect: load the INI file, quiet the client's logging, find the broker.
 * A picocli mixin of those commands, which are subcommands of {@link Main}.
 */
final class BrokerOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--amqp-uri", paramLabel = "URI", description = "The broker. Default: amqp_uri of the service's INI section, else of [DEFAULT].")
    private String amqpUri;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The INI file. Default: env FARINE_INI, else etc/farine.ini, else /etc/farine.ini; none at all is fine.")
    private Path config;

    private Main main() {
        return (Main) command.commandLine().getParent().getCommand();
    }

    /** The INI configuration (--config, FARINE_INI, ...). */
    Config config() {
        return ServiceOptions.config(main(), config);
    }

    /**
     * The broker for {@code section} of the INI configuration (see {@link #uri(Main, String, Config, String, String, PrintWriter)}),
     * with the client's logging at WARN from here on; {@code what} completes "no broker to ...".
     */
    String uri(String section, String what) {
        Config loaded = config();
        LogLevel.apply(LogLevel.WARN);
        return uri(loaded, section, what);
    }

    /** The broker for {@code section} of {@code loaded}, for a command that sets its logging itself. */
    String uri(Config loaded, String section, String what) {
        return uri(main(), amqpUri, loaded, section, what, err());
    }

    PrintWriter out() {
        return command.commandLine().getOut();
    }

    PrintWriter err() {
        return command.commandLine().getErr();
    }

    /** A usage error of the command (exit status 2), with its message. */
    ParameterException usage(String message) {
        return new ParameterException(command.commandLine(), message);
    }

    CommandLine commandLine() {
        return command.commandLine();
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
        return newest(running, err, "give --amqp-uri to choose");
    }

    /** The newest of {@code running} (not empty); when there are several, stderr says which one was taken. */
    static String newest(List<BrokerRunFile.Running> running, PrintWriter err, String choose) {
        BrokerRunFile.Running newest = running.get(0);
        if (running.size() > 1) {
            err.println("farine: " + running.size() + " farine processes run an embedded broker; using the newest (pid "
                    + newest.pid() + ", " + newest.uri() + "); " + choose);
            err.flush();
        }
        return newest.uri();
    }
}
