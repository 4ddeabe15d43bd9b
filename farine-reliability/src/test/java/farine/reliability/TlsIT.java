package farine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.reliability.child.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code amqps://}: a service in a child JVM (the real launcher) connects over TLS to the private node,
 * trusting its CA through {@code -Djavax.net.ssl.trustStore}, serves an RPC call ({@code farine call},
 * also over TLS) and consumes a message; the broker lists its connections as TLS. Without the CA, or with
 * a host name the certificate does not name, the start fails at once with one line saying why.
 */
class TlsIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration EXIT = Duration.ofSeconds(60);

    private final PrivateRabbit rabbit = PrivateRabbit.get();

    @TempDir
    Path tmp;

    /** The JVM options that make the node's CA trusted, as a user passes them ({@code FARINE_JAVA_OPTS}). */
    private List<String> trusting() {
        return List.of("-Djavax.net.ssl.trustStore=" + rabbit.trustStore(),
                "-Djavax.net.ssl.trustStorePassword=" + PrivateRabbit.TRUST_STORE_PASSWORD);
    }

    private Path ini(String amqpUri, String connectTimeout) throws Exception {
        Path file = tmp.resolve("farine.ini");
        Files.writeString(file, String.join("\n",
                "[DEFAULT]",
                "amqp_uri = " + amqpUri,
                "connect_timeout = " + connectTimeout,
                ""));
        return file;
    }

    @Test
    void aServiceOverTlsServesAnRpcCallAndConsumesAMessageOnTlsConnections() throws Exception {
        String uri = rabbit.tlsUri("localhost");
        Map<String, Worker.Done> done = new ConcurrentHashMap<>();
        try (Connection connection = rabbit.connectTls("tls-test");
                Child service = Child.launch("tls-service", trusting(),
                        List.of("--start=" + Worker.class.getName(), "--config=" + ini(uri, "60s")))) {
            Channel channel = connection.createChannel();
            channel.exchangeDeclare(Worker.DONE, "direct", true);
            String reports = channel.queueDeclare().getQueue();
            channel.queueBind(reports, Worker.DONE, Worker.DONE);
            channel.basicConsume(reports, true, (tag, message) -> {
                Worker.Done d = JSON.readValue(message.getBody(), Worker.Done.class);
                done.put(d.id(), d);
            }, tag -> { });
            service.awaitStarted(START);

            // @Consume: a job published over TLS by the test, its report published over TLS by the service
            channel.confirmSelect();
            channel.basicPublish(Worker.JOBS, Worker.JOBS, new AMQP.BasicProperties.Builder().contentType("application/json")
                    .deliveryMode(2).build(), JSON.writeValueAsBytes(new Worker.Job("tls-job", 0)));
            channel.waitForConfirmsOrDie(10_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> done.containsKey("tls-job"));
            assertThat(done.get("tls-job").pid()).isEqualTo(service.pid());

            // @RpcMethod: called by the launcher's call command in a JVM of its own, over TLS as well
            try (Child call = Child.launch("tls-call", trusting(),
                    List.of("call", "--amqp-uri=" + uri, "--timeout=30s", "worker", "slow", "tls-call", "0"))) {
                assertThat(call.awaitExit(EXIT)).as(call.output()).isZero();
                assertThat(call.output()).contains("{\"id\":\"tls-call\",\"pid\":" + service.pid() + "}");
            }

            // the broker's view: the service's three connections (it serves RPC) came in on the TLS port, over TLS
            List<String> lines = rabbit.ctl("list_connections", "--no-table-headers", "port", "ssl", "ssl_protocol", "client_properties")
                    .lines().filter(l -> l.contains("farine-consume [worker]") || l.contains("farine-publish [worker]")
                            || l.contains("farine-serve [worker]")).toList();
            assertThat(lines).hasSize(3).allSatisfy(line -> {
                String[] columns = line.split("\t");
                assertThat(columns[0]).isEqualTo(String.valueOf(rabbit.tlsPort()));
                assertThat(columns[1]).isEqualTo("true");
                assertThat(columns[2]).startsWith("tlsv1.");
            });
        }
    }

    @Test
    void aServerCertificateTheJvmDoesNotTrustFailsTheStartAtOnceWithOneLine() throws Exception {
        // connect_timeout 0 would wait for an unreachable broker forever: a certificate is not worth waiting for
        String line = failedStart("tls-untrusted", List.of(), rabbit.tlsUri("localhost"));
        assertThat(line).contains("the TLS handshake with localhost:" + rabbit.tlsPort() + " failed: the server's certificate is not"
                + " trusted by this JVM (", "-Djavax.net.ssl.trustStore=", "not retrying");
    }

    @Test
    void aHostNameTheCertificateDoesNotNameFailsTheStartAtOnceWithOneLine() throws Exception {
        // trusted CA, but the certificate names localhost and the URI says 127.0.0.1
        String line = failedStart("tls-wrong-host", trusting(), rabbit.tlsUri("127.0.0.1"));
        assertThat(line).contains("the TLS handshake with 127.0.0.1:" + rabbit.tlsPort() + " failed: the server's certificate does"
                + " not name the host connected to (No subject alternative names matching IP address 127.0.0.1 found)", "not retrying");
    }

    /** Starts the worker with {@code connect_timeout = 0}; asserts a quick exit with status 1 (a startup error), one error line and no stack trace; returns the line. */
    private String failedStart(String name, List<String> jvmOptions, String uri) throws Exception {
        long began = System.nanoTime();
        try (Child child = Child.launch(name, jvmOptions, List.of("--start=" + Worker.class.getName(), "--config=" + ini(uri, "0")))) {
            assertThat(child.awaitExit(EXIT)).as(child.output()).isEqualTo(1);
            // JVM start and one handshake, no backoff (it would retry until killed)
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(30));
            String output = child.output();
            // nor the client library's own "TLS connection failed" ERROR line per attempt
            assertThat(output).as(output).doesNotContain("\tat ", "Exception in thread", "TLS connection failed");
            List<String> errors = output.lines().filter(l -> l.startsWith("farine: ")).toList();
            assertThat(errors).as(output).hasSize(1);
            assertThat(errors.get(0)).doesNotContain("guest:guest");
            return errors.get(0);
        }
    }
}
