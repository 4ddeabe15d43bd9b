package farine.gateway;

import farine.Config;
import farine.FarineException;
import farine.registry.MethodDescription;
import farine.registry.Registry;
import farine.rpc.NotServedException;
import farine.rpc.RemoteException;
import farine.rpc.RpcCaller;
import farine.rpc.RpcClients;
import farine.rpc.RpcTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /rpc/{service}/{method}}: the body's arguments to the method through the gateway's one RPC client,
 * the result (or the items of a streamed method, {@link ItemStream}) back as JSON. Runs on the exchange's virtual
 * thread; every failure ends in a status and an error object ({@link #failure}).
 */
final class RpcRoute implements Route {

    static final String PREFIX = "/rpc/";
    static final String TIMEOUT_HEADER = "X-Farine-Timeout";
    static final String RPC_TIMEOUT = "rpc_timeout";
    static final String RPC_TOKEN = "rpc_token";
    private static final int MAX_REMEMBERED = 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

    private final Callers clients;
    private final Config config;
    private final Access access;
    private final long maxBody;
    private final Duration readTimeout;
    private final JsonMapper json;
    // the registry's methods by service and name, rebuilt on each change it reports (not a snapshot per call)
    private volatile Map<String, Map<String, MethodDescription>> described;
    private final java.util.Map<String, Duration> timeouts = new java.util.concurrent.ConcurrentHashMap<>();

    RpcRoute(Callers clients, Registry registry, Config config, Access access, long maxBody, Duration readTimeout, JsonMapper json) {
        this.clients = clients;
        this.config = config;
        this.access = access;
        this.maxBody = maxBody;
        this.readTimeout = readTimeout;
        this.json = json;
        this.described = index(registry.snapshot());
        registry.watch(snapshot -> described = index(snapshot)); // ends with the registry
    }

    private static Map<String, Map<String, MethodDescription>> index(farine.registry.RegistrySnapshot snapshot) {
        Map<String, Map<String, MethodDescription>> services = new java.util.HashMap<>();
        for (String service : snapshot.services()) {
            Map<String, MethodDescription> methods = new java.util.LinkedHashMap<>();
            snapshot.methods(service).orElse(List.of()).forEach(m -> methods.put(m.name(), m));
            services.put(service, methods);
        }
        return services;
    }

    @Override
    public void handle(Exchange exchange) throws IOException {
        String[] names = names(exchange.path());
        try {
            if (names[0] == null) {
                throw new HttpError(404, "NotFound", "no such route: " + exchange.path() + " (use POST " + PREFIX + "{service}/{method})");
            }
            if (!exchange.method().equals("POST")) {
                exchange.header("Allow", "POST");
                throw new HttpError(405, "MethodNotAllowed", "use POST " + PREFIX + "{service}/{method}", names[0], names[1]);
            }
            TokenRule caller = access.authenticate(exchange);
            if (!caller.allowsMethod(names[0], names[1])) {
                throw Access.forbidden(names[0], names[1]);
            }
            Access.admit(caller, exchange, names[0], names[1]);
            Reply reply;
            try {
                reply = call(exchange, caller, names[0], names[1]);
            } finally {
                // released before the answer is written: a client that calls again as soon as it has read it is not refused
                caller.inFlight().release();
            }
            reply.write();
        } catch (HttpError e) {
            HttpReplies.error(exchange, e, json);
        } catch (FarineException e) {
            HttpReplies.error(exchange, failure(e, names[0], names[1]), json);
        }
    }

    /** What is left to write once the call is done (a stream is written while it runs: it is in flight). */
    @FunctionalInterface
    private interface Reply {
        void write() throws IOException;
    }

    private Reply call(Exchange exchange, TokenRule caller, String service, String method) throws IOException {
        CallRequest request = CallRequest.parse(HttpReplies.body(exchange, maxBody, readTimeout), json);
        Optional<MethodDescription> described = describe(service, method);
        // a private method the registry describes is refused here, without running; one it does not describe is
        // called without the service's token for such a caller, and the service refuses it if it is private (403)
        if (described.map(MethodDescription::privateMethod).orElse(false) && !caller.privateMethods()) {
            throw Access.forbidden(service, method);
        }
        RpcCaller rpc = clients.forCaller(caller).caller(service).withTimeout(timeout(exchange, service, method));
        if (described.isPresent() && described.get().streaming()) {
            Object[] args = positional(request, service, described.get()).toArray();
            ItemStream.write(exchange, rpc.stream(method, args), service, method, json);
            return () -> { };
        }
        // the arguments go as the JSON they came as, the result comes back as the JSON the service sent
        byte[] result = rpc.callJson(method, request.args(), request.kwargs());
        return () -> exchange.respond(200, HttpReplies.JSON, result);
    }

    /** The registry's description; a 404 for a method the registry's running service does not have. */
    private Optional<MethodDescription> describe(String service, String method) {
        Map<String, MethodDescription> methods = described.get(service);
        if (methods == null) {
            return Optional.empty(); // not announced (a Python service, registry = false, or not started yet): the broker decides
        }
        MethodDescription found = methods.get(method);
        if (found == null) {
            throw new HttpError(404, "NotFound", "service '" + service + "' has no RPC method '" + method + "' (its methods: "
                    + String.join(", ", methods.keySet()) + ")", service, method);
        }
        return Optional.of(found);
    }

    /** Streams go out positionally: keyword arguments are put in the places the registry names. */
    private List<Object> positional(CallRequest request, String service, MethodDescription method) {
        List<Object> args = request.argList(json);
        int given = args.size();
        List<String> names = method.parameters().stream().map(MethodDescription.ParameterDescription::name).toList();
        for (Map.Entry<String, Object> kw : request.kwargMap(json).entrySet()) {
            int at = names.indexOf(kw.getKey());
            if (at < 0 || at < given) {
                throw new HttpError(400, "BadRequest", at < 0 ? "no parameter '" + kw.getKey() + "' (parameters: " + String.join(", ", names) + ")"
                        : "parameter '" + kw.getKey() + "' given both in args and kwargs", service, method.name());
            }
            while (args.size() <= at) {
                args.add(null);
            }
            args.set(at, kw.getValue());
        }
        return args;
    }

    private Duration timeout(Exchange exchange, String service, String method) {
        String header = exchange.header(TIMEOUT_HEADER);
        if (header == null) {
            // read once per service (the configuration does not change while the gateway runs; a bad value fails every call)
            Duration known = timeouts.get(service);
            if (known == null) {
                known = config.section(service).duration(RPC_TIMEOUT, RpcClients.DEFAULT_TIMEOUT, ChronoUnit.SECONDS);
                if (timeouts.size() < MAX_REMEMBERED) { // names come from URLs: the map stays bounded
                    timeouts.put(service, known);
                }
            }
            return known;
        }
        Matcher m = DURATION.matcher(header.strip());
        if (!m.matches() || Double.parseDouble(m.group(1)) <= 0) {
            throw new HttpError(400, "BadRequest", TIMEOUT_HEADER + " '" + header + "' is not a positive duration (500ms, 5s, 2m; a plain number is milliseconds)",
                    service, method);
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        double millis = switch (unit) {
            case "s" -> amount * 1000;
            case "m" -> amount * 60_000;
            default -> amount;
        };
        return Duration.ofMillis(Math.max(1, Math.round(millis)));
    }

    /** How a failed call reads over HTTP. */
    static HttpError failure(FarineException e, String service, String method) {
        return switch (e) {
            case RemoteException r when r.remoteType().equals("Unauthorized") ->
                    new HttpError(403, "Forbidden", "the service refused the call: " + r.remoteMessage(), service, method);
            case RemoteException r -> new HttpError(502, r.remoteType(), r.remoteMessage(), service, method);
            case RpcTimeoutException t -> new HttpError(504, "Timeout", t.getMessage(), service, method);
            case NotServedException n -> new HttpError(404, "NotFound", n.getMessage(), service, method);
            default -> new HttpError(503, "Unavailable", e.getMessage(), service, method);
        };
    }

    private static String[] names(String path) {
        if (!path.startsWith(PREFIX)) {
            return new String[] {null, null};
        }
        String[] parts = path.substring(PREFIX.length()).split("/", -1);
        if (parts.length != 2 || !NAME.matcher(parts[0]).matches() || !NAME.matcher(parts[1]).matches()) {
            return new String[] {null, null};
        }
        return parts;
    }
}
