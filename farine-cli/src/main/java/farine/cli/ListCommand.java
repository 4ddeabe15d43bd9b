package farine.cli;

import farine.Config;
import farine.registry.Registry;
import farine.registry.RegistrySnapshot;
import farine.registry.ServiceInstance;
import farine.spi.JsonRules;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code farine list}: the services running on a broker, from the registry (docs/registry.md). */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Lists the services running on the broker: each instance with host, pid, uptime, farine version and entry points.",
            "Read from the registry (exchange farine.registry) that every farine Java service announces itself on."},
        footerHeading = "%nExamples:%n",
        footer = {"  farine list", "  farine list --json | jq '.[].service'", "  farine list --watch            # redraws as instances come and go"})
final class ListCommand implements Callable<Integer> {

    @Mixin
    private BrokerOptions broker;

    @Option(names = "--json", description = "One JSON array of instances, as announced (snake_case keys).")
    private boolean json;

    @Option(names = "--watch", description = "Keep running and print the list again whenever an instance arrives, changes or goes.")
    private boolean watch;

    @Mixin
    private RegistryWait registryWait;

    @Override
    public Integer call() throws InterruptedException {
        String uri = broker.uri(Config.DEFAULT_SECTION, "list services on");
        PrintWriter out = broker.out();
        try (Registry registry = registryWait.connect(uri)) {
            if (!watch) {
                print(out, registry.snapshot());
                return Main.OK;
            }
            registry.watch(snapshot -> print(out, snapshot));
            new CountDownLatch(1).await(); // until a signal ends the process
        }
        return Main.OK;
    }

    private void print(PrintWriter out, RegistrySnapshot snapshot) {
        if (json) {
            out.println(JsonRules.snakeCase().writeValueAsString(snapshot.instances()));
        } else {
            if (watch) {
                out.println("--- " + snapshot.taken());
            }
            if (snapshot.instances().isEmpty()) {
                out.println("no service is running (none announced itself on farine.registry)");
            }
            Table table = new Table("SERVICE", "INSTANCE", "HOST", "PID", "UPTIME", "VERSION", "ENTRY POINTS");
            for (ServiceInstance i : snapshot.instances()) {
                table.row(i.service(), i.instance().substring(0, 8), i.host(), Long.toString(i.pid()), uptime(i.uptime(snapshot.taken())),
                        i.version(), String.join(", ", i.entrypoints().stream().map(e -> e.kind() + " " + e.name()).toList()));
            }
            if (!snapshot.instances().isEmpty()) {
                table.print(out);
            }
        }
        out.flush();
    }

    static String uptime(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + String.format("%02d", s % 60) + "s";
        }
        if (s < 86_400) {
            return s / 3600 + "h" + String.format("%02d", s % 3600 / 60) + "m";
        }
        return s / 86_400 + "d" + String.format("%02d", s % 86_400 / 3600) + "h";
    }
}
