package farine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import farine.testing.TestVhost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/farine gateway} as a child process in front of a running service: a call over HTTP, a clean stop. */
class GatewayCommandIT {

    private static final Path TEST_CLASSES = Path.of("target/test-classes").toAbsolutePath();
    private static final Pattern LISTENING = Pattern.compile("farine gateway on (http://\\S+/)");
    private static TestVhost vhost;

    @TempDir
    Path dir;

    @BeforeAll
    static void vhost() {
        vhost = TestVhost.create("farine-cli-gateway");
    }

    @AfterAll
    static void closeVhost() {
        vhost.close();
    }

    @Test
    void theGatewayServesARunningServiceAndStopsWithExit0OnSigterm() throws Exception {
        Map<String, String> env = Map.of("FARINE_DEFAULT_AMQP_URI", vhost.amqpUri(), "FARINE_CLIREG_SHOP_RPC_TOKEN", "cli-s3cret");
        try (FarineProcess shop = FarineProcess.start(dir, env, "--start=farine.cli.fixtures.Shop", "--classpath=" + TEST_CLASSES)
                .awaitOut("started clireg_shop");
                FarineProcess gateway = FarineProcess.start(dir, env, "gateway", "--port", "0").awaitOut("farine gateway on ")) {
            Matcher m = LISTENING.matcher(gateway.out());
            assertThat(m.find()).as(gateway.output()).isTrue();
            URI base = URI.create(m.group(1));
            assertThat(base.getHost()).as("no token configured: loopback only").isEqualTo("127.0.0.1");
            HttpResponse<String> hello = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("rpc/clireg_shop/hello"))
                    .POST(HttpRequest.BodyPublishers.ofString("[\"Ada\"]")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("\"Hello, Ada!\"");
            gateway.terminate();
            assertThat(gateway.exitCode()).as(gateway.output()).isZero();
            assertThat(gateway.output()).contains("no token configured").contains("received SIGTERM")
                    .contains("farine gateway on " + base + " stopped in ").contains("1 requests answered since the start");
        }
    }
}
