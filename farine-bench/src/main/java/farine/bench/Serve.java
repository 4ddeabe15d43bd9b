package farine.bench;

import com.rabbitmq.client.Connection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import farine.Container;
import java.net.URI;
import java.util.List;
import java.nio.charset.StandardCharsets;

/**
 * The server process of the start-up and memory measures: {@code Serve raw|farine URI SERVICE}
 * serves {@code echo}/{@code items} until stdin closes. On stdin, {@code stats} (after a full GC) and
 * {@code stats-live} (no GC) answer one {@link ProcessStats} line on stdout.
 */
public final class Serve {

    private Serve() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Serve raw|plain|farine AMQP_URI SERVICE");
            System.exit(2);
        }
        Allocation allocation = new Allocation();
        try (AutoCloseable server = start(args[0], URI.create(args[1]), args[2])) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                switch (line.trim()) {
                    case "stats" -> System.out.println(ProcessStats.ofThisJvm(true, allocation).line());
                    case "stats-live" -> System.out.println(ProcessStats.ofThisJvm(false, allocation).line());
                    case "quit" -> {
                        return;
                    }
                    default -> System.err.println("unknown command: " + line);
                }
                System.out.flush();
            }
        }
    }

    private static AutoCloseable start(String mode, URI uri, String service) {
        return switch (mode) {
            case "raw" -> {
                Broker broker = new Broker(uri);
                Connection connection = broker.connect("serve " + service);
                RawRpcServer.start(broker, connection, service, new Wire(), Rounds.SERVER_PREFETCH);
                // the parent declared the topology and deletes it; this process only closes its connection
                yield () -> connection.abort(2000);
            }
            case "plain" -> {
                // the tutorial server on queue SERVICE (declared by the parent)
                Broker broker = new Broker(uri);
                Connection connection = broker.connect("serve " + service);
                new PlainRpc.Server(broker, connection, service, new Wire().mapper(), Rounds.SERVER_PREFETCH);
                yield () -> connection.abort(2000);
            }
            case "farine" -> {
                Container container = Container.create(FarineSide.config(uri, Rounds.SERVER_PREFETCH),
                        List.of(FarineServices.FarineServe.class));
                container.start();
                yield container::kill;
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode + " (raw, plain or farine)");
        };
    }
}
