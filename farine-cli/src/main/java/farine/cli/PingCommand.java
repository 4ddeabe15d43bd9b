package farine.cli;

import farine.FarineException;
import farine.rpc.NotServedException;
import farine.rpc.RpcCaller;
import farine.rpc.RpcClients;
import farine.rpc.RpcTimeoutException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code farine ping greeting}: the round-trip time of the reserved method every farine Java service answers. */
@Command(name = "ping", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Calls the reserved method farine.ping of a service (answered by every farine Java service with RPC methods)",
            "and prints the round-trip time. A service that is not running, or a Python farine service (which has no ping),",
            "is reported at once: the broker returns the request.",
            "Exit status 0 when every ping was answered, 1 otherwise."},
        footerHeading = "%nExamples:%n",
        footer = {"  farine ping greeting", "  farine ping greeting --count 5 --interval 200ms"})
final class PingCommand implements Callable<Integer> {

    @Mixin
    private BrokerOptions broker;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "The service's name.")
    private String service;

    @Option(names = "--count", paramLabel = "N", description = "How many pings (default 1).")
    private int count = 1;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class, description = "Pause between pings (default 1s).")
    private Duration interval = Duration.ofSeconds(1);

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, description = "Deadline of each ping (default 5s).")
    private Duration timeout = Duration.ofSeconds(5);

    @Override
    public Integer call() throws InterruptedException {
        if (count < 1) {
            throw broker.usage("--count must be at least 1, not " + count);
        }
        String uri = broker.uri(service, "ping " + service + " on");
        PrintWriter out = broker.out();
        List<Double> times = new ArrayList<>();
        try (RpcClients clients = RpcClients.connect(uri)) {
            RpcCaller caller = clients.caller(service).withTimeout(timeout);
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    Thread.sleep(interval);
                }
                long start = System.nanoTime();
                try {
                    Object answer = caller.call(RpcClients.PING_METHOD);
                    double millis = (System.nanoTime() - start) / 1e6;
                    times.add(millis);
                    Object pid = answer instanceof Map<?, ?> m ? m.get("pid") : "?";
                    out.printf("reply from %s (pid %s): seq=%d time=%.2f ms%n", service, pid, i + 1, millis);
                } catch (NotServedException e) {
                    throw new FarineException("no farine Java service '" + service + "' answers ping on this broker: it is not running,"
                            + " or it is a Python farine service (they have no ping; try farine call " + service + " <method>)");
                } catch (RpcTimeoutException e) {
                    out.printf("no reply from %s: seq=%d within %d ms%n", service, i + 1, timeout.toMillis());
                }
                out.flush();
            }
        }
        out.printf("--- %s: %d sent, %d answered", service, count, times.size());
        if (!times.isEmpty()) {
            out.printf(", min/avg/max = %.2f/%.2f/%.2f ms", times.stream().mapToDouble(d -> d).min().orElse(0),
                    times.stream().mapToDouble(d -> d).average().orElse(0), times.stream().mapToDouble(d -> d).max().orElse(0));
        }
        out.println();
        out.flush();
        return times.size() == count ? Main.OK : Main.STARTUP_ERROR;
    }
}
