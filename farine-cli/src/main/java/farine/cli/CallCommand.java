package farine.cli;

import farine.Config;
import farine.ConfigException;
import farine.ConfigSection;
import farine.FarineException;
import farine.spi.Suggestions;
import farine.registry.MethodDescription;
import farine.registry.Registry;
import farine.registry.RegistrySnapshot;
import farine.rpc.NotServedException;
import farine.rpc.RemoteException;
import farine.rpc.RpcCaller;
import farine.rpc.RpcClients;
import farine.spi.JsonRules;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code farine call greeting hello Ada}: calls an RPC method of a running service (Java or Python) from the
 * shell and prints the result as JSON; a streamed reply with {@code --stream}, one item per line.
 */
@Command(name = "call", versionProvider = Version.class,
        description = {"Calls an RPC method of a running service and prints the result as JSON.",
            "Each ARG is a JSON value; a word that is not JSON is taken as a string (Ada is \"Ada\", 3 is a number).",
            "A single ARG - reads the arguments from standard input: a JSON array of them, or {\"args\": [...], \"kwargs\": {...}}.",
            "farine call SERVICE METHOD --help prints the method's parameters from the registry.",
            "Exit status 0 with a result, 1 when the call failed (remote error, timeout, no broker), 2 on a usage error."},
        footerHeading = "%nExamples:%n",
        footer = {"  farine call greeting hello Ada",
            "  farine call greeting hello --kwargs '{\"name\": \"Ada\"}'",
            "  echo '[\"Ada\"]' | farine call greeting hello -",
            "  farine call greeting squares 4 --stream",
            "  farine call greeting hello --help        # the method's parameters, from the registry",
            "  farine call greeting nosuch --json || jq .error   # a failure as a JSON object on stdout"})
final class CallCommand implements Callable<Integer> {

    private static final JsonMapper JSON = JsonRules.MAPPER;

    @ParentCommand
    private Main main;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE",
            description = "The service's name (its INI section is read for amqp_uri, rpc_timeout and rpc_token).")
    private String service;

    @Parameters(index = "1", arity = "0..1", paramLabel = "METHOD", description = "The RPC method.")
    private String method;

    @Option(names = {"-h", "--help"}, description = "Show this help; with SERVICE and METHOD, also the method's parameters from the registry.")
    private boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print version information and exit.")
    private boolean version;

    @Option(names = "--kwargs", paramLabel = "JSON", description = "Keyword arguments, a JSON object (bound by parameter name).")
    private String kwargs;

    @Option(names = "--json", description = "On failure, print {\"error\": {...}} on standard output (type, message, service, method).")
    private boolean json;

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
    public Integer call() throws IOException {
        if (help) {
            return help();
        }
        if (service == null || method == null) {
            throw new ParameterException(spec.commandLine(), "Missing required parameters: " + (service == null ? "SERVICE, METHOD" : "METHOD"));
        }
        Request request = request();
        try {
            return call(request);
        } catch (FarineException e) {
            if (!json) {
                throw e;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(JSON.writeValueAsString(Map.of("error", error(e))));
            out.flush();
            return Main.STARTUP_ERROR;
        }
    }

    /** The positional and keyword arguments, from the command line or standard input. */
    private record Request(Object[] args, Map<String, Object> kwargs) {
    }

    private Request request() throws IOException {
        Map<String, Object> keywords = kwargs == null ? Map.of() : object(kwargs, "--kwargs");
        if (!args.equals(List.of("-"))) {
            return new Request(args.stream().map(CallCommand::value).toArray(), keywords);
        }
        String text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        Object value;
        try {
            value = JSON.readValue(text, Object.class);
        } catch (JacksonException e) {
            throw new ParameterException(spec.commandLine(), "standard input is not JSON: " + e.getOriginalMessage());
        }
        if (value instanceof List<?> list) {
            return new Request(list.toArray(), keywords);
        }
        if (value instanceof Map<?, ?> map && map.keySet().stream().allMatch(k -> k.equals("args") || k.equals("kwargs"))) {
            Object a = map.get("args");
            Object k = map.get("kwargs");
            Map<String, Object> merged = new LinkedHashMap<>();
            if (k instanceof Map<?, ?> km) {
                km.forEach((key, v) -> merged.put(String.valueOf(key), v));
            }
            merged.putAll(keywords);
            return new Request(a instanceof List<?> al ? al.toArray() : new Object[0], merged);
        }
        throw new ParameterException(spec.commandLine(), "standard input must be a JSON array of arguments or {\"args\": [...], \"kwargs\": {...}}");
    }

    private Map<String, Object> object(String text, String what) {
        try {
            Object value = JSON.readValue(text, Object.class);
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> result = new LinkedHashMap<>();
                map.forEach((k, v) -> result.put(String.valueOf(k), v));
                return result;
            }
        } catch (JacksonException e) {
            throw new ParameterException(spec.commandLine(), what + " is not JSON: " + e.getOriginalMessage());
        }
        throw new ParameterException(spec.commandLine(), what + " must be a JSON object, such as '{\"name\": \"Ada\"}'");
    }

    private Map<String, Object> error(FarineException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", e.getClass().getSimpleName());
        error.put("message", e.getMessage());
        error.put("service", service);
        error.put("method", method);
        if (e instanceof RemoteException remote) {
            error.put("remote_type", remote.remoteType());
            error.put("remote_message", remote.remoteMessage());
        }
        return error;
    }

    /** Usage; with SERVICE and METHOD, the method as the registry describes it (or why it cannot). */
    private int help() {
        PrintWriter out = spec.commandLine().getOut();
        if (service == null || method == null) {
            spec.commandLine().usage(out);
            return Main.OK;
        }
        Config loaded = ServiceOptions.config(main, config);
        LogLevel.apply(LogLevel.WARN);
        String uri = BrokerOptions.uri(main, amqpUri, loaded, service, "describe " + service + " on", spec.commandLine().getErr());
        RegistrySnapshot snapshot;
        try (Registry registry = Registry.connect(uri)) {
            snapshot = registry.snapshot();
        }
        List<MethodDescription> methods = DescribeCommand.instances(snapshot, service).getLast().methods();
        MethodDescription described = methods.stream().filter(m -> m.name().equals(method)).findFirst()
                .orElseThrow(() -> new FarineException("service '" + service + "' has no RPC method '" + method + "'; it has: "
                        + String.join(", ", methods.stream().map(MethodDescription::name).toList())));
        out.println("Usage: farine call " + service + " " + method + String.join("", described.parameters().stream()
                .map(p -> " " + p.name().toUpperCase(java.util.Locale.ROOT)).toList()) + (described.streaming() ? " --stream" : ""));
        out.println();
        out.println("  " + DescribeCommand.signature(described));
        for (MethodDescription.ParameterDescription p : described.parameters()) {
            out.println("    " + p.name() + ": " + SchemaText.of(p.schema()) + "   (JSON Schema " + p.schema() + ")");
        }
        if (described.privateMethod()) {
            out.println("  private: the call sends rpc_token of [" + service + "] (or FARINE_"
                    + service.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_RPC_TOKEN)");
        }
        out.flush();
        return Main.OK;
    }

    private int call(Request request) {
        if (!request.kwargs().isEmpty() && stream) {
            // a usage error, before any connection is tried
            throw new ParameterException(spec.commandLine(), "--kwargs cannot be combined with --stream (a keyword call returns the first item)");
        }
        Config loaded = ServiceOptions.config(main, config);
        // the client's own chatter would mix with the result on stdout
        LogLevel.apply(LogLevel.WARN);
        ConfigSection section = loaded.section(service);
        String uri = BrokerOptions.uri(main, amqpUri, loaded, service, "call " + service + "." + method + " on", spec.commandLine().getErr());
        Duration deadline = timeout != null ? timeout : section.duration("rpc_timeout", RpcClients.DEFAULT_TIMEOUT, ChronoUnit.SECONDS);
        PrintWriter out = spec.commandLine().getOut();
        // the token of [service] goes with every request, for its private methods
        try (RpcClients clients = RpcClients.connect(uri, loaded)) {
            return call(request, clients, deadline, out);
        } catch (NotServedException e) {
            Optional<String> hint = notServedHint(uri);
            if (hint.isEmpty()) {
                throw e;
            }
            if (json) {
                // stdout carries the error object as the call made it; the registry's view goes to stderr
                warn(hint.get());
                throw e;
            }
            // one line: the registry's view replaces the exception's guess ("never run here, or no such method")
            throw new FarineException("no queue receives " + service + "." + method + ": " + hint.get(), e);
        }
    }

    private int call(Request request, RpcClients clients, Duration deadline, PrintWriter out) {
        Object[] values = request.args();
        RpcCaller caller = clients.caller(service).withTimeout(deadline);
        if (!request.kwargs().isEmpty()) {
            out.println(JSON.writeValueAsString(caller.call(Object.class, method, java.util.Arrays.asList(values), request.kwargs())));
        } else if (stream) {
            try (Stream<Object> items = caller.stream(method, values)) {
                items.forEach(item -> {
                    out.println(JSON.writeValueAsString(item));
                    out.flush();
                });
            }
        } else {
            printFirst(caller, values, out);
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

    /**
     * What the registry knows when no queue received the request: the service runs without that method (its
     * methods, the closest one), or the service does not run (the running ones, the closest one). Empty when the
     * registry cannot be read: the call's own error already says what happened.
     */
    private Optional<String> notServedHint(String uri) {
        RegistrySnapshot snapshot;
        try (Registry registry = Registry.connect(uri)) {
            snapshot = registry.snapshot();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return notServedHint(snapshot, service, method);
    }

    static Optional<String> notServedHint(RegistrySnapshot snapshot, String service, String method) {
        Optional<List<MethodDescription>> methods = snapshot.methods(service);
        if (methods.isPresent()) {
            List<String> names = methods.get().stream().map(MethodDescription::name).toList();
            int instances = snapshot.instances(service).size();
            return Optional.of("'" + service + "' runs (" + instances + (instances == 1 ? " instance" : " instances")
                    + ") and has no RPC method '" + method + "'" + Suggestions.closest(method, names).map(m -> " (did you mean '" + m + "'?)").orElse("")
                    + "; its methods: " + (names.isEmpty() ? "none" : String.join(", ", names)));
        }
        List<String> services = snapshot.services();
        return Optional.of("no service '" + service + "' runs on this broker"
                + Suggestions.closest(service, services).map(s -> " (did you mean '" + s + "'?)").orElse("")
                + "; running: " + (services.isEmpty() ? "none" : String.join(", ", services)));
    }

    private void warn(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("farine call: " + message);
        err.flush();
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
