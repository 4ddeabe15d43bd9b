package farine.cli;

import farine.FarineException;
import farine.registry.MethodDescription;
import farine.registry.Registry;
import farine.registry.RegistrySnapshot;
import farine.registry.ServiceInstance;
import farine.spi.JsonRules;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code farine describe greeting}: a running service's RPC methods, what a caller needs to call them. */
@Command(name = "describe", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Describes a running service: each RPC method with its parameters and their types, its result,",
            "whether it streams and whether it is private (needs the service's rpc_token); then its other entry points.",
            "Exit status 0, or 1 when no instance of the service runs (or no broker)."},
        footerHeading = "%nExamples:%n",
        footer = {"  farine describe greeting", "  farine describe greeting --json | jq '.methods[].name'"})
final class DescribeCommand implements Callable<Integer> {

    @Mixin
    private BrokerOptions broker;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "The service's name.")
    private String service;

    @Option(names = "--json", description = "The description as JSON: instances, entry points, methods with their JSON Schemas.")
    private boolean json;

    @Mixin
    private RegistryWait registryWait;

    @Override
    public Integer call() {
        String uri = broker.uri(service, "describe " + service + " on");
        RegistrySnapshot snapshot;
        try (Registry registry = registryWait.connect(uri)) {
            snapshot = registry.snapshot();
        }
        List<ServiceInstance> instances = instances(snapshot, service);
        ServiceInstance newest = instances.getLast();
        PrintWriter out = broker.out();
        if (json) {
            out.println(JsonRules.snakeCase().writeValueAsString(Map.of("service", service, "instances", instances.size(),
                    "entrypoints", newest.entrypoints(), "methods", newest.methods())));
        } else {
            out.println(service + ": " + instances.size() + (instances.size() == 1 ? " instance" : " instances") + ", farine " + newest.version());
            if (newest.methods().isEmpty()) {
                out.println("  no RPC methods");
            }
            newest.methods().forEach(m -> out.println("  " + signature(m)));
            newest.entrypoints().stream().filter(e -> !e.kind().equals("rpc")).forEach(e -> out.println("  " + e.kind() + " " + e.name()
                    + (e.exchange() == null ? "" : " (exchange " + e.exchange() + ", routing key " + e.routingKey() + ", queue " + e.queue() + ")")));
        }
        out.flush();
        return Main.OK;
    }

    /** The instances of {@code service}, or a FarineException naming what does run. */
    static List<ServiceInstance> instances(RegistrySnapshot snapshot, String service) {
        List<ServiceInstance> instances = snapshot.instances(service);
        if (instances.isEmpty()) {
            throw new FarineException("no instance of service '" + service + "' is running (running: "
                    + (snapshot.services().isEmpty() ? "none" : String.join(", ", snapshot.services()))
                    + "); a service started with registry = false is not listed");
        }
        return instances;
    }

    /** {@code hello(name: string) -> string}, with {@code stream of} and {@code [private]} where they apply. */
    static String signature(MethodDescription method) {
        String parameters = String.join(", ", method.parameters().stream().map(p -> p.name() + ": " + SchemaText.of(p.schema())).toList());
        return method.name() + "(" + parameters + ") -> " + (method.streaming() ? "stream of " : "") + SchemaText.of(method.result())
                + (method.privateMethod() ? "  [private]" : "");
    }
}
