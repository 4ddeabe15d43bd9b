package farine.cli;

import farine.Config;
import farine.FarineException;
import farine.registry.MethodDescription;
import farine.registry.Registry;
import farine.registry.RegistrySnapshot;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Parameters;

/**
 * {@code farine completion bash}: the shell completion script picocli generates for every command and option,
 * with the names of the services (and their methods) running when it is generated, where a broker is reachable.
 */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Prints a completion script for bash or zsh: commands, options, and the service and method names",
            "that run on the broker when it is generated (none when no broker is reachable: a note on stderr says so).",
            "Generate it again to pick up new services."},
        footerHeading = "%nExamples:%n",
        footer = {"  source <(bin/farine completion bash)", "  bin/farine completion zsh > ~/.zfunc/_farine"})
final class CompletionCommand implements Callable<Integer> {

    @Mixin
    private BrokerOptions broker;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    private String shell;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw broker.usage("SHELL must be bash or zsh, not '" + shell + "'");
        }
        LogLevel.apply(LogLevel.ERROR);
        CommandLine root = broker.commandLine().getParent();
        RegistrySnapshot snapshot = running();
        if (snapshot != null) {
            List<String> services = snapshot.services();
            TreeSet<String> methods = new TreeSet<>();
            services.forEach(s -> snapshot.methods(s).orElse(List.of()).stream().map(MethodDescription::name).forEach(methods::add));
            for (String command : List.of("describe", "ping", "call")) {
                candidates(root.getSubcommands().get(command).getCommandSpec(), 0, services);
            }
            candidates(root.getSubcommands().get("call").getCommandSpec(), 1, List.copyOf(methods));
        }
        String script = AutoComplete.bash("farine", root);
        PrintWriter out = broker.out();
        if (shell.equals("zsh")) {
            out.println("autoload -U +X compinit && compinit");
            out.println("autoload -U +X bashcompinit && bashcompinit");
        }
        out.print(script);
        out.flush();
        return Main.OK;
    }

    /** The registry's picture, or null (with a note on stderr) when no broker is reachable. */
    private RegistrySnapshot running() {
        try {
            String uri = broker.uri(Config.DEFAULT_SECTION, "complete service names from");
            LogLevel.apply(LogLevel.ERROR); // quieter than the other commands: the script is all this one prints
            try (Registry registry = Registry.connect(uri, Duration.ofMillis(500))) {
                return registry.snapshot();
            }
        } catch (FarineException e) {
            broker.err().println("farine completion: no service names (" + e.getMessage() + ")");
            broker.err().flush();
            return null;
        }
    }

    /** Replaces the positional parameter at {@code index} with one completing {@code values}. */
    private static void candidates(CommandSpec command, int index, List<String> values) {
        PositionalParamSpec old = command.positionalParameters().stream().filter(p -> p.index().min() == index).findFirst().orElseThrow();
        command.remove(old);
        command.addPositional(PositionalParamSpec.builder(old).completionCandidates(values).build());
    }
}
