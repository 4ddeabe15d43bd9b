package farine.cli;

import farine.Config;
import farine.Container;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code farine --start=mymodule}: finds the service classes, starts them in one container and runs
 * until a signal or a dying service stops it. Runs on the main thread; signals are handled by
 * {@link Supervisor}.
 */
@Command(name = "farine", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Runs farine services: every service class found by --start, in one container.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:stopped normally (SIGINT/SIGTERM, graceful stop)",
            "1:startup or configuration error (service not found, bad INI value, broker unreachable)",
            "2:usage error (unknown option, missing --start)",
            "3:a service died (a container-managed thread failed)",
            "130/143:a second SIGINT/SIGTERM stopped it immediately"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  farine --start=examples.greeting             run a package's services (the embedded broker when no amqp_uri)",
            "  farine --start=Hi --classpath=out            run the service class Hi compiled into out/",
            "  farine call greeting hello Ada               call an RPC method of a running service",
            "  farine config --start=com.acme.billing       the effective configuration, checked, with sources",
            "  farine help call                             the help of one command",
            "",
            "Environment:",
            "  FARINE_INI                 the INI file when --config is not given",
            "                             (then etc/farine.ini, then /etc/farine.ini)",
            "  FARINE_CLASSPATH           the user classpath when --classpath is not given",
            "  FARINE_<SECTION>_<KEY>     one INI key, e.g. FARINE_GREETING_AMQP_URI"})
public final class Main implements Callable<Integer> {

    static final int OK = 0;
    static final int STARTUP_ERROR = 1;
    static final int USAGE_ERROR = 2;
    static final int SERVICE_DIED = 3;

    /** The subcommands, in the order the help lists them; added in {@link #commandLine}, not in {@code @Command} (see {@link #execute}). */
    private static final List<Class<?>> SUBCOMMANDS = List.of(ConfigCommand.class, MigrateCommand.class, CallCommand.class,
            BrokerCommand.class, HelpCommand.class, ListCommand.class, DescribeCommand.class, PingCommand.class,
            PublishCommand.class, CompletionCommand.class, GatewayCommand.class);

    private final Map<String, String> env;
    private final Path workingDirectory;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ServiceOptions services;

    @Option(names = "--wait-for-broker", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to keep trying to reach the AMQP broker at startup (e.g. 30s, 2m); "
                    + "sets connect_timeout in every section. Default: INI connect_timeout, else forever.")
    Duration waitForBroker;

    @Option(names = "--log-level", paramLabel = "LEVEL", converter = LogLevel.Converter.class,
            description = "TRACE, DEBUG, INFO, WARN or ERROR. Default: INI log_level in [DEFAULT], else INFO.")
    LogLevel logLevel;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve /metrics (Prometheus), /health/live and /health/ready on this port (0: any free one); "
                    + "sets metrics_port. Default: INI metrics_port in [DEFAULT], else none.")
    Integer metricsPort;

    public Main() {
        this(System.getenv(), Path.of("").toAbsolutePath());
    }

    Main(Map<String, String> env, Path workingDirectory) {
        this.env = Map.copyOf(env);
        this.workingDirectory = workingDirectory;
    }

    public static void main(String[] args) {
        System.exit(execute(new Main(), args, commandLine -> { }));
    }

    /**
     * Runs {@code args}: a service run ({@code --start=...}) on a command line of {@code main}'s own options, any other
     * (a subcommand, {@code --help}, {@code --version}, a usage error) on the whole {@link #commandLine} with a new
     * {@code Main} of the same environment. picocli reads the annotations of every command and option when a command
     * line is made, and its classes (Java 5 bytecode) are not in bin/farine's AOT cache: the eleven subcommands' models
     * were about a third of a service's start-up (docs/cli.md, "Start-up time"). {@code streams} sets the output and
     * error writers of the command line that runs (tests).
     */
    static int execute(Main main, String[] args, Consumer<CommandLine> streams) {
        if (!namesSubcommand(args)) {
            CommandLine service = handlers(new CommandLine(main));
            streams.accept(service);
            try {
                ParseResult parsed = service.parseArgs(args);
                if (!parsed.isUsageHelpRequested() && !parsed.isVersionHelpRequested()) {
                    return service.execute(args);
                }
            } catch (ParameterException e) {
                // a usage error: said by the whole command line, with its suggestions among the subcommands too
            }
        }
        CommandLine whole = commandLine(new Main(main.env, main.workingDirectory));
        streams.accept(whole);
        return whole.execute(args);
    }

    private static boolean namesSubcommand(String[] args) {
        for (Class<?> subcommand : SUBCOMMANDS) {
            Command command = subcommand.getAnnotation(Command.class);
            for (String arg : args) {
                if (arg.equals(command.name()) || List.of(command.aliases()).contains(arg)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The whole command line, every subcommand included, with farine's exit codes: usage errors 2, startup errors 1. */
    static CommandLine commandLine(Main main) {
        CommandLine commandLine = new CommandLine(main);
        for (Class<?> subcommand : SUBCOMMANDS) {
            commandLine.addSubcommand(subcommand);
        }
        // after the subcommands: picocli sets the handlers on those it has at this moment
        return handlers(commandLine);
    }

    private static CommandLine handlers(CommandLine commandLine) {
        return commandLine.setExecutionExceptionHandler(new StartupErrors()).setParameterExceptionHandler(Main::usageError);
    }

    /** A usage error: the error, picocli's "did you mean", and one hint; not the whole help (exit 2). */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        java.io.PrintWriter err = command.getErr();
        err.println("farine: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for the options and examples.");
        err.flush();
        return USAGE_ERROR;
    }

    Map<String, String> env() {
        return env;
    }

    Path workingDirectory() {
        return workingDirectory;
    }

    @Override
    public Integer call() {
        if (services.start().isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "Missing required option: '--start=<target>' (a package or class of service classes)");
        }
        Config config = services.config(this);
        LogLevel.apply(logLevel != null ? logLevel : LogLevel.fromConfig(config));
        LogFormat.fromConfig(config).apply();
        DefaultOnlyKeys.warn(config);
        if (metricsPort != null) {
            config = config.withOverride("metrics_port", metricsPort.toString(), "--metrics-port");
        }
        if (waitForBroker != null) {
            config = config.withOverride("connect_timeout", waitForBroker.toMillis() + "ms", "--wait-for-broker");
        }
        List<Class<?>> classes = services.discover(this);
        Container container = Container.create(config, classes);
        return new Supervisor(container, new BrokerRunFile(env)).run();
    }
}
