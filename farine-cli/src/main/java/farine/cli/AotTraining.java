package farine.cli;

import farine.Config;
import farine.Container;
import farine.Service;
import farine.amqp.Consume;
import farine.amqp.Publisher;
import farine.embedded.EmbeddedBrokers;
import farine.embedded.spi.EmbeddedBroker;
import farine.rpc.RpcClients;
import farine.rpc.RpcMethod;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The training run of {@code bin/farine}'s AOT cache (JDK 25+): {@code AotTraining CLASS_LIST} loads and links the
 * classes a service run loaded, as written by {@code -Xlog:class+load} ({@code name source: ...} per line), so
 * that a JVM started with {@code -XX:AOTCacheOutput} writes them into the cache; then it runs farine's hot paths
 * for a few seconds (RPC served and called, one at a time and 64 in flight, a stream, publishing with and without
 * confirms, consuming), so that the cache also carries the JIT's method profiles of those paths (JEP 515): a
 * service started with the cache compiles them from its first calls instead of profiling them first.
 *
 * <p>The calls go through a broker of the training's own, farine's embedded development broker in a second JVM
 * ({@code AotTraining --broker}, which prints its URI and stops when its standard input closes, so it ends with
 * the training even when the training is killed): nothing is declared on the service's broker, and the broker's
 * classes, which a service run does not load, stay out of the cache. When that broker cannot start the cache is
 * written with the classes alone, as before. It runs in a JVM of its own, in the background: a service run itself
 * never records (recording printed a line on stdout and kept the JVM alive after "stopped" while it wrote).
 * Classes that no longer load are skipped. Exit code 0, or 2 for usage.
 */
public final class AotTraining {

    /** How long the exercise may take in all (it runs at the lowest priority, beside a service). */
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(Long.getLong("farine.aot.training.seconds", 40));
    /** Calls per phase: enough for C2 to compile the hot paths in training (5,000 invocations and more). */
    private static final int CALLS = Integer.getInteger("farine.aot.training.calls", 20_000);
    private static final String URI_LINE = "farine-aot-broker ";

    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--broker")) {
            broker();
            return;
        }
        if (args.length != 1) {
            System.err.println("usage: AotTraining CLASS_LIST");
            System.exit(2);
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        ClassLoader loader = ClassLoader.getSystemClassLoader();
        int loaded = 0;
        for (String line : lines) {
            int space = line.indexOf(" source: ");
            // classes defined at run time (lambdas, proxies) have no file to come from; the JVM regenerates them
            if (space <= 0 || line.contains("__JVM_") || line.contains("__Lookup") || line.contains("$$Lambda")
                    || line.contains("/0x")) {
                continue;
            }
            try {
                Class.forName(line.substring(0, space), false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                // gone from the class path since the run that listed it
            }
        }
        quietLogging();
        try {
            exercise();
        } catch (Exception | LinkageError e) {
            // the cache still gets the classes; only the profiles are missing
            System.err.println("AotTraining: hot paths not exercised: " + e);
        }
        System.out.println(loaded);
        System.exit(0); // the broker child and any straggling thread: the recording is written at exit
    }

    private static void quietLogging() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    /** {@code --broker}: the embedded broker, its URI on stdout, until stdin closes (the training ended or died). */
    private static void broker() throws Exception {
        quietLogging();
        EmbeddedBroker broker = EmbeddedBrokers.privateBroker();
        String uri = broker.start(0);
        System.out.println(URI_LINE + uri);
        System.out.flush();
        try {
            while (System.in.read() >= 0) {
                // wait for end of input
            }
        } finally {
            broker.stop();
        }
        System.exit(0);
    }

    /** Serves and calls the training service for at most {@link #BUDGET_NANOS}. */
    private static void exercise() throws Exception {
        long deadline = System.nanoTime() + BUDGET_NANOS;
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                AotTraining.class.getName(), "--broker").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String uri = brokerUri(child);
            Config config = Config.of(Map.of(Config.DEFAULT_SECTION, Map.of("amqp_uri", uri),
                    "farine_aot_fire_and_forget", Map.of("confirm", "false", "delivery_mode", "1")));
            Container container = Container.create(config, List.of(Training.class));
            container.start();
            try (RpcClients clients = RpcClients.connect(uri);
                    Publisher.Standalone confirmed = Publisher.connect(uri, Training.NAME);
                    Publisher.Standalone unconfirmed = Publisher.connect(config.section("farine_aot_fire_and_forget"), Training.NAME)) {
                Api api = clients.proxy(Training.NAME, Api.class);
                String text = "x".repeat(75);
                for (int i = 0; i < CALLS / 10 && System.nanoTime() < deadline; i++) {
                    api.echo(text);
                }
                pipelined(api, text, deadline);
                for (int i = 0; i < CALLS / 1000 && System.nanoTime() < deadline; i++) {
                    try (Stream<Integer> items = api.items(1000)) {
                        items.count();
                    }
                }
                publish(confirmed, deadline);
                publish(unconfirmed, deadline);
            } finally {
                container.stop();
            }
        } finally {
            child.getOutputStream().close(); // the broker stops
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    private static String brokerUri(Process child) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(URI_LINE)) {
                return line.substring(URI_LINE.length()).strip();
            }
        }
        throw new IOException("the training broker ended without a URI (exit " + child.onExit().join().exitValue() + ")");
    }

    private static void pipelined(Api api, String text, long deadline) throws InterruptedException {
        Semaphore window = new Semaphore(64);
        for (int i = 0; i < CALLS && System.nanoTime() < deadline; i++) {
            window.acquire();
            api.echoAsync(text).whenComplete((value, failure) -> window.release());
        }
        window.tryAcquire(64, 30, TimeUnit.SECONDS);
    }

    private static void publish(Publisher publisher, long deadline) throws InterruptedException {
        long before = Training.CONSUMED.get();
        Semaphore window = new Semaphore(500);
        List<Integer> body = List.of(1, 2, 3);
        int sent = 0;
        for (; sent < CALLS / 2 && System.nanoTime() < deadline; sent++) {
            window.acquire();
            CompletableFuture<Void> done = publisher.sendAsync(Training.NAME, Map.of("n", sent, "items", body));
            done.whenComplete((ok, failure) -> window.release());
        }
        window.tryAcquire(500, 30, TimeUnit.SECONDS);
        long until = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
        while (Training.CONSUMED.get() - before < sent && System.nanoTime() < until) {
            Thread.sleep(10);
        }
    }

    /** What the training calls. */
    public interface Api {
        String echo(String text);

        CompletableFuture<String> echoAsync(String text);

        Stream<Integer> items(int n);
    }

    /** The training service, with default settings: RPC methods, one of them a stream, and a consumer of its own exchange. */
    @Service(Training.NAME)
    public static final class Training {
        static final String NAME = "farine_aot_training";
        static final AtomicLong CONSUMED = new AtomicLong();

        @RpcMethod
        public String echo(String text) {
            return text;
        }

        @RpcMethod
        public Stream<Integer> items(int n) {
            return IntStream.range(0, n).boxed();
        }

        @Consume
        public void on(JsonNode body) {
            CONSUMED.incrementAndGet();
        }
    }
}
