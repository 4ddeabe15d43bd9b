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
 * The gateway's rows (issue 19, {@code bin/bench --only gateway}): the same {@code echo} call through the gateway
 * (a plain keep-alive socket per caller, and the JDK's HttpClient, HTTP/1.1 keep-alive) and through
 * {@code RpcClients}, in one JVM and one run, interleaved side by side: the sequential p50 and the throughput of 64
 * concurrent callers. Alone: {@code java ... farine.bench.GatewayBench [amqp-uri] [seconds]}.
 */
public final class GatewayBench {

    private static final int CONCURRENCY = 64;

    private GatewayBench() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args.length > 0 ? args[0] : "amqp://guest:guest@127.0.0.1:5672/%2F";
        Duration phase = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 5);
        Results results = new Results();
        run(uri, phase, 1, 3, results);
        results.print(System.out);
    }

    /** The rows' ids: {@code bin/bench --only gateway}. */
    static final String SEQUENTIAL_SOCKET = "gateway_sequential_p50_socket";
    static final String SEQUENTIAL_HTTP_CLIENT = "gateway_sequential_p50_httpclient";
    static final String CONCURRENT_SOCKET = "gateway_64_in_flight_socket";
    static final String CPU_JVM = "gateway_64_in_flight_cpu_jvm";
    static final String CPU_BROKER = "gateway_64_in_flight_cpu_broker";
    static final String CONCURRENT_PLATFORM = "gateway_64_in_flight_platform";
    static final String CONCURRENT_LOOP = "gateway_64_in_flight_loop";
    static final String CONCURRENT_HTTP_CLIENT = "gateway_64_in_flight_httpclient";

    /** The kind of thread each of the 64 callers of a throughput phase runs on. */
    enum Callers {
        VIRTUAL, PLATFORM;

        ExecutorService start() {
            return this == VIRTUAL ? Executors.newVirtualThreadPerTaskExecutor()
                    : Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().name("bench-caller-", 0).factory());
        }
    }

    /**
     * {@code warmup} unrecorded then {@code rounds} recorded rounds; in each the three sides in turn (interleaved, so
     * that every side sees the same machine), each a sequential phase then a 64-in-flight phase of {@code phase}.
     * Recorded as rows whose raw column is {@code RpcClients} and whose farine column is the gateway: over a plain
     * keep-alive socket per caller (the server's share, with targets) and through the JDK's HttpClient (no target:
     * most of its extra time is the client library's). Then, without targets, the JVM's and the broker's CPU per call
     * of the targets' throughput phases, and the same 64 in flight from two other kinds of load generator: a platform
     * thread per caller on both sides, and one event-loop thread ({@link HttpLoad}) against the gateway.
     */
    static void run(String uri, Duration phase, int warmup, int rounds, Results results) throws Exception {
        Config config = Config.of(Map.of("DEFAULT", Map.of("amqp_uri", uri), "gateway", Map.of("port", "0"),
                FarineServices.FarineRpc.NAME, Map.of("concurrency", String.valueOf(CONCURRENCY))));
        Gateway gateway = null;
        try (Container service = Container.create(config, List.of(FarineServices.FarineRpc.class));
                RpcClients clients = RpcClients.connect(uri)) {
            service.start();
            gateway = Gateway.start(config);
            RpcCaller direct = clients.caller(FarineServices.FarineRpc.NAME);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(gateway.uri().resolve("rpc/" + FarineServices.FarineRpc.NAME + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("[\"hi\"]")).build();
            List<Callable<Object>> sides = new ArrayList<>();
            sides.add(() -> direct.call("echo", "hi"));
            sides.add(() -> {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IOException("gateway answered " + r.statusCode() + ": " + r.body());
                }
                return r.body();
            });
            // the same request over a plain keep-alive socket per thread: the server's share without the JDK client's
            String raw = "POST /rpc/" + FarineServices.FarineRpc.NAME + "/echo HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 6\r\n\r\n[\"hi\"]";
            byte[] rawBytes = raw.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            URI base = gateway.uri();
            ThreadLocal<RawHttp> sockets = ThreadLocal.withInitial(() -> RawHttp.open(base));
            sides.add(() -> sockets.get().exchange(rawBytes));
            int n = sides.size();
            for (int round = 0; round < warmup + rounds; round++) {
                double[] p50 = new double[n];
                Phase[] virtual = new Phase[n];
                for (int i = 0; i < n; i++) {
                    p50[i] = sequential(sides.get(i), phase);
                    int side = i;
                    virtual[i] = Phase.measure(() -> concurrent(sides.get(side), phase, Callers.VIRTUAL));
                }
                // the same 64 in flight from other kinds of load generator (docs/bench.md, "Gateway"): both sides on a
                // platform thread per caller (JMeter's and ab's kind), and the gateway from one event loop (wrk's kind)
                double directPlatform = concurrent(sides.get(0), phase, Callers.PLATFORM);
                double socketPlatform = concurrent(sides.get(2), phase, Callers.PLATFORM);
                double socketLoop = HttpLoad.run(base, rawBytes, CONCURRENCY, phase);
                if (round < warmup) {
                    continue;
                }
                Metric seqSocket = Metric.of(SEQUENTIAL_SOCKET, "gateway echo p50, plain socket (raw: RpcClients)", "us", Target.addsAtMost(150));
                Metric conSocket = Metric.of(CONCURRENT_SOCKET, "gateway echo 64 in flight, plain socket (raw: RpcClients)", "calls/s",
                        Target.ratioAtLeast(0.80));
                results.add(seqSocket, Side.RAW, p50[0]);
                results.add(seqSocket, Side.FARINE, p50[2]);
                results.add(conSocket, Side.RAW, virtual[0].rate());
                results.add(conSocket, Side.FARINE, virtual[2].rate());
                Metric jvm = Metric.of(CPU_JVM, "gateway echo 64 in flight, plain socket: this JVM's CPU per call (raw: RpcClients)", "us");
                results.add(jvm, Side.RAW, virtual[0].jvmMicros());
                results.add(jvm, Side.FARINE, virtual[2].jvmMicros());
                if (virtual[0].brokerMicros() >= 0 && virtual[2].brokerMicros() >= 0) {
                    Metric broker = Metric.of(CPU_BROKER, "gateway echo 64 in flight, plain socket: the broker's CPU per call (raw: RpcClients)", "us");
                    results.add(broker, Side.RAW, virtual[0].brokerMicros());
                    results.add(broker, Side.FARINE, virtual[2].brokerMicros());
                }
                Metric conPlatform = Metric.of(CONCURRENT_PLATFORM, "gateway echo 64 in flight, plain socket, platform threads (raw: RpcClients, platform threads)",
                        "calls/s");
                results.add(conPlatform, Side.RAW, directPlatform);
                results.add(conPlatform, Side.FARINE, socketPlatform);
                Metric conLoop = Metric.of(CONCURRENT_LOOP, "gateway echo 64 in flight, one event-loop thread (raw: RpcClients)", "calls/s");
                results.add(conLoop, Side.RAW, virtual[0].rate());
                results.add(conLoop, Side.FARINE, socketLoop);
                Metric seqHttp = Metric.of(SEQUENTIAL_HTTP_CLIENT, "gateway echo p50, JDK HttpClient (raw: RpcClients)", "us");
                Metric conHttp = Metric.of(CONCURRENT_HTTP_CLIENT, "gateway echo 64 in flight, JDK HttpClient (raw: RpcClients)", "calls/s");
                results.add(seqHttp, Side.RAW, p50[0]);
                results.add(seqHttp, Side.FARINE, p50[1]);
                results.add(conHttp, Side.RAW, virtual[0].rate());
                results.add(conHttp, Side.FARINE, virtual[1].rate());
            }
        } finally {
            if (gateway != null) {
                gateway.close();
            }
        }
    }

    /**
     * One keep-alive HTTP/1.1 connection read by hand: status line and headers to the blank line, then Content-Length
     * bytes. A connection the server closed while it was idle (after its keep_alive, between two phases) is opened
     * again, as HTTP clients do.
     */
    static final class RawHttp {
        private final URI base;
        private java.net.Socket socket;
        private java.io.InputStream in;
        private java.io.OutputStream out;
        private byte[] buffer = new byte[1024];

        private RawHttp(URI base) {
            this.base = base;
        }

        static RawHttp open(URI base) {
            RawHttp http = new RawHttp(base);
            http.connect();
            return http;
        }

        private void connect() {
            try {
                if (socket != null) {
                    socket.close();
                }
                socket = new java.net.Socket(base.getHost(), base.getPort());
                socket.setTcpNoDelay(true);
                in = socket.getInputStream();
                out = socket.getOutputStream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        Object exchange(byte[] request) throws IOException {
            try {
                return once(request);
            } catch (Closed e) {
                connect();
                return once(request);
            }
        }

        private Object once(byte[] request) throws IOException {
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                throw new Closed();
            }
            // the head up to its blank line, then Content-Length bytes, read in blocks into one buffer (the client's
            // own cost stays small beside the server's)
            int n = 0;
            int end = -1;
            while (end < 0) {
                int read;
                try {
                    read = in.read(buffer, n, buffer.length - n);
                } catch (java.net.SocketException e) {
                    read = -1;
                }
                if (read < 0) {
                    if (n == 0) {
                        throw new Closed();
                    }
                    throw new IOException("the gateway closed the connection");
                }
                n += read;
                end = headEnd(buffer, n);
                if (end < 0 && n == buffer.length) {
                    buffer = java.util.Arrays.copyOf(buffer, n * 2);
                }
            }
            String text = new String(buffer, 0, end, java.nio.charset.StandardCharsets.US_ASCII);
            if (!text.startsWith("HTTP/1.1 200")) {
                throw new IOException("gateway answered " + text);
            }
            java.util.regex.Matcher m = CONTENT_LENGTH.matcher(text);
            if (!m.find()) {
                throw new IOException("no Content-Length in " + text);
            }
            int length = Integer.parseInt(m.group(1));
            if (n > end + length) {
                throw new IOException("the gateway sent more than one answer");
            }
            byte[] body = java.util.Arrays.copyOfRange(buffer, end, end + length);
            int have = n - end;
            if (have < length) {
                in.readNBytes(body, have, length - have);
            }
            return body;
        }

        private static int headEnd(byte[] b, int n) {
            for (int i = 3; i < n; i++) {
                if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                    return i + 1;
                }
            }
            return -1;
        }
    }

    /** The server closed an idle connection before answering anything on it. */
    private static final class Closed extends IOException {
        private static final long serialVersionUID = 1L;
    }

    private static final java.util.regex.Pattern CONTENT_LENGTH = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)");

    /** The p50 in microseconds of calls made one after the other for {@code phase}. */
    static double sequential(Callable<Object> call, Duration phase) throws Exception {
        Histogram histogram = new Histogram(3);
        long end = System.nanoTime() + phase.toNanos();
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            call.call();
            histogram.recordValue((System.nanoTime() - start) / 1000);
        }
        return histogram.getValueAtPercentile(50);
    }

    /**
     * A throughput phase's calls per second, and the CPU this JVM (service, gateway and callers alike) and the local
     * broker spent per call meanwhile: a figure the machine's load disturbs less than a rate. The broker's is -1 where
     * it cannot be read.
     */
    record Phase(double rate, double jvmMicros, double brokerMicros) {
        static Phase measure(Callable<Double> phase) throws Exception {
            long jvm = Cpu.nanos();
            long broker = Cpu.brokerNanos();
            long start = System.nanoTime();
            double rate = phase.call();
            double calls = Math.max(1, rate * (System.nanoTime() - start) / 1e9);
            long brokerAfter = Cpu.brokerNanos();
            return new Phase(rate, (Cpu.nanos() - jvm) / 1000.0 / calls,
                    broker < 0 || brokerAfter < 0 ? -1 : (brokerAfter - broker) / 1000.0 / calls);
        }
    }

    /** Calls per second of {@link #CONCURRENCY} threads of the given kind calling in a loop for {@code phase}. */
    static double concurrent(Callable<Object> call, Duration phase, Callers kind) throws Exception {
        LongAdder done = new LongAdder();
        long start = System.nanoTime();
        long end = start + phase.toNanos();
        try (ExecutorService threads = kind.start()) {
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
