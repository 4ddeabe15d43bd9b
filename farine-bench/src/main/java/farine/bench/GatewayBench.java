package farine.bench;

import farine.Config;
import farine.Container;
import farine.gateway.Gateway;
import farine.rpc.RpcCaller;
import farine.rpc.RpcClients;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * The gateway's rows (issue 19): the same {@code echo} call through the gateway (the JDK's HttpClient, HTTP/1.1
 * keep-alive) and through {@code RpcClients}, in one JVM and one run, interleaved side by side: the sequential p50
 * and the throughput of 64 concurrent callers. {@code java ... farine.bench.GatewayBench [amqp-uri] [seconds]}.
 */
public final class GatewayBench {

    private static final int CONCURRENCY = 64;

    private GatewayBench() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args.length > 0 ? args[0] : "amqp://guest:guest@127.0.0.1:5672/%2F";
        Duration phase = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 5);
        Config config = Config.of(Map.of("DEFAULT", Map.of("amqp_uri", uri), "gateway", Map.of("port", "0"),
                FarineServices.FarineRpc.NAME, Map.of("concurrency", String.valueOf(CONCURRENCY))));
        try (Container service = Container.create(config, List.of(FarineServices.FarineRpc.class));
                RpcClients clients = RpcClients.connect(uri)) {
            service.start();
            try (Gateway gateway = Gateway.start(config)) {
                RpcCaller direct = clients.caller(FarineServices.FarineRpc.NAME);
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpRequest request = HttpRequest.newBuilder(gateway.uri().resolve("rpc/" + FarineServices.FarineRpc.NAME + "/echo"))
                        .POST(HttpRequest.BodyPublishers.ofString("[\"hi\"]")).build();
                Callable<Object> viaRpc = () -> direct.call("echo", "hi");
                Callable<Object> viaHttp = () -> {
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IOException("gateway answered " + r.statusCode() + ": " + r.body());
                    }
                    return r.body();
                };
                sequential(viaRpc, phase); // warm-up of both paths
                sequential(viaHttp, phase);
                double[] p50 = new double[2];
                double[] rate = new double[2];
                for (int round = 0; round < 3; round++) { // interleaved, so both sides see the same machine
                    p50[0] += sequential(viaRpc, phase) / 3;
                    p50[1] += sequential(viaHttp, phase) / 3;
                    rate[0] += concurrent(viaRpc, phase) / 3;
                    rate[1] += concurrent(viaHttp, phase) / 3;
                }
                System.out.printf("%-28s %14s %14s%n", "echo, 3 rounds x " + phase.toSeconds() + " s", "RpcClients", "gateway");
                System.out.printf("%-28s %14.1f %14.1f   (+%.1f us)%n", "sequential p50 (us)", p50[0], p50[1], p50[1] - p50[0]);
                System.out.printf("%-28s %14.0f %14.0f   (%.2fx)%n", CONCURRENCY + " in flight (calls/s)", rate[0], rate[1], rate[1] / rate[0]);
            }
        }
    }

    /** The p50 in microseconds of calls made one after the other for {@code phase}. */
    private static double sequential(Callable<Object> call, Duration phase) throws Exception {
        Histogram histogram = new Histogram(3);
        long end = System.nanoTime() + phase.toNanos();
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            call.call();
            histogram.recordValue((System.nanoTime() - start) / 1000);
        }
        return histogram.getValueAtPercentile(50);
    }

    /** Calls per second of {@link #CONCURRENCY} virtual threads calling in a loop for {@code phase}. */
    private static double concurrent(Callable<Object> call, Duration phase) throws Exception {
        LongAdder done = new LongAdder();
        long start = System.nanoTime();
        long end = start + phase.toNanos();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < CONCURRENCY; i++) {
                running.add(threads.submit(() -> {
                    while (System.nanoTime() < end) {
                        call.call();
                        done.increment();
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        return done.sum() / ((System.nanoTime() - start) / 1e9);
    }
}
