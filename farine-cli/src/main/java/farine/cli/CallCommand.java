package farine.cli;

import farine.Config;
import farine.ConfigException;
import farine.ConfigSection;
import farine.rpc.RpcCaller;
import farine.rpc.RpcClients;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code farine call greeting hello Ada}: calls an RPC method of a running service (Java or Python) from the
 * shell and prints the result as JSON; a streamed reply with {@code --stream}, one item per line.
 */
@Command(name = "call", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Calls an RPC method of a running service and prints the result as JSON.",
            "Each ARG is a JSON value; a word that is not JSON is taken as a string (Ada is \"Ada\", 3 is a number).",
            "Exit status 0 with a result, 1 when the call failed (remote error, timeout, no broker), 2 on a usage error."})
final class CallCommand implements Callable<Integer> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParentCommand
    private Main main;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "The service's name (its INI section is read for amqp_uri and rpc_timeout).")
    private String service;

    @Parameters(index = "1", paramLabel = "METHOD", description = "The RPC method.")
    private String method;

    @Parameters(index = "2..*", paramLabel = "ARG", description = "The arguments, by position.")
    private List<String> args = new ArrayList<>();

    @Option(names = "--amqp-uri", paramLabel = "URI", description = "The broker. Default: amqp_uri of the service's INI section, else the embedded broker of a running bin/farine.")
    private String amqpUri;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Total deadline of the call (5s, 500ms). Default: INI rpc_timeout, else 30s.")
    private Duration timeout;

    @Option(names = "--stream", description = "Print every item of a streamed reply, one per line, instead of the first.")
    private boolean stream;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The INI file. Default: env FARINE_INI, else etc/farine.ini, else /etc/farine.ini; none at all is fine.")
    private Path config;

    @Override
    public Integer call() {
        Config loaded = ServiceOptions.config(main, config);
        // the client's own chatter would mix with the result on stdout
        LogLevel.apply(LogLevel.WARN);
        ConfigSection section = loaded.section(service);
        String uri = amqpUri != null ? amqpUri : section.get("amqp_uri").map(String::strip).orElse("");
        if (uri.isEmpty() || uri.equals("embedded")) {
            uri = embeddedBroker();
        }
        Duration deadline = timeout != null ? timeout : section.duration("rpc_timeout", RpcClients.DEFAULT_TIMEOUT, ChronoUnit.SECONDS);
        Object[] values = args.stream().map(CallCommand::value).toArray();
        PrintWriter out = spec.commandLine().getOut();
        try (RpcClients clients = RpcClients.connect(uri)) {
            RpcCaller caller = clients.caller(service).withTimeout(deadline);
            if (stream) {
                try (Stream<Object> items = caller.stream(method, values)) {
                    items.forEach(item -> {
                        out.println(JSON.writeValueAsString(item));
                        out.flush();
                    });
                }
            } else {
                printFirst(caller, values, out);
            }
        }
        out.flush();
        return Main.OK;
    }

    /**
     * Prints the first item, as a non-streaming caller keeps it (PROTOCOL.md §3), and says on stderr when more
     * items followed: every reply sequence ends with an end frame, so whether a second item comes is known at once.
     */
    private void printFirst(RpcCaller caller, Object[] values, PrintWriter out) {
        try (Stream<Object> items = caller.stream(method, values)) {
            Iterator<Object> it = items.iterator();
            if (!it.hasNext()) {
                warn(service + "." + method + " replied with an empty stream: nothing to print");
                return;
            }
            out.println(JSON.writeValueAsString(it.next()));
            out.flush();
            if (it.hasNext()) {
                warn("more items followed: " + service + "." + method + " streams its result; give --stream to print every item");
            }
        }
    }

    private void warn(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("farine call: " + message);
        err.flush();
    }

    /**
     * With no broker configured, the embedded broker of a running launcher ({@link BrokerRunFile}): the most
     * recently started one, named on stderr when there are several.
     */
    private String embeddedBroker() {
        List<BrokerRunFile.Running> running = BrokerRunFile.running(main.env());
        if (running.isEmpty()) {
            throw new ConfigException("no broker to call " + service + "." + method + " on: no amqp_uri configured and no"
                    + " bin/farine with an embedded broker is running (none registered in " + BrokerRunFile.directory(main.env())
                    + "); start one (bin/farine --start=...), or give --amqp-uri, or amqp_uri in [" + service + "] or [DEFAULT] (env FARINE_"
                    + service.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_AMQP_URI)");
        }
        BrokerRunFile.Running newest = running.get(0);
        if (running.size() > 1) {
            warn(running.size() + " farine processes run an embedded broker; calling on the newest (pid "
                    + newest.pid() + ", " + newest.uri() + "); give --amqp-uri to choose");
        }
        return newest.uri();
    }

    /** A JSON value, or the text itself when it is not JSON (so that {@code farine call greeting hello Ada} works). */
    static Object value(String arg) {
        try {
            return JSON.readValue(arg, Object.class);
        } catch (JacksonException e) {
            return arg;
        }
    }
}
