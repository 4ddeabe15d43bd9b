package farine.cli;

import farine.ConfigException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code farine broker}: prints the URI of the embedded broker a running {@code bin/farine} started (the most
 * recent one), for a program of your own to connect to: {@code java ... MyClient "$(bin/farine broker)"}.
 */
@Command(name = "broker", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Prints the URI of the embedded development broker a running bin/farine started (the newest one; stderr says so when several run).",
            "Exit status 0 with the URI on stdout, 1 when no bin/farine with an embedded broker runs."})
final class BrokerCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<BrokerRunFile.Running> running = BrokerRunFile.running(main.env());
        if (running.isEmpty()) {
            throw new ConfigException("no bin/farine with an embedded broker is running (none registered in "
                    + BrokerRunFile.directory(main.env()) + "); start one with bin/farine --start=... and no amqp_uri configured");
        }
        // stderr names the one taken when several run: "$(bin/farine broker)" shows it in the terminal
        String uri = BrokerOptions.newest(running, spec.commandLine().getErr(), "the others' URIs are in " + BrokerRunFile.directory(main.env()));
        spec.commandLine().getOut().println(uri);
        spec.commandLine().getOut().flush();
        return Main.OK;
    }
}
