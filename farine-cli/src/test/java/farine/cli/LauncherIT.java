package farine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.rpc.RpcClients;
import farine.rpc.RpcTimeoutException;
import farine.testing.TestBroker;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code bin/farine} in a child process: start-up line, signals, every exit status, and services
 * from a user classpath compiled outside the repository. The broker is the test broker (TestBroker).
 */
class LauncherIT {

    private static final Path TEST_CLASSES = Path.of("target/test-classes").toAbsolutePath();

    @TempDir
    Path dir;

    private static Map<String, String> broker() {
        return Map.of("FARINE_DEFAULT_AMQP_URI", amqpUri());
    }

    /** The test broker; its default vhost "/" spelled out ("amqp://host/" means the vhost "" to the RabbitMQ client). */
    private static String amqpUri() {
        URI uri = URI.create(TestBroker.amqpUri());
        String path = uri.getRawPath();
        return path == null || path.isEmpty() || path.equals("/")
                ? uri.getScheme() + "://" + uri.getRawAuthority() + "/%2F" : uri.toString();
    }

    @Test
    void helloStartsLogsItsLineAndStopsWithStatusZeroOnSigterm() {
        try (FarineProcess farine = FarineProcess.start(dir, broker(), "--start=examples.hello")) {
            farine.awaitOut("started hello: execute greet").awaitOut("hello, world!");

            farine.terminate();

            assertThat(farine.exitCode()).as(farine.output()).isZero();
            assertThat(farine.out()).contains("received SIGTERM: stopping gracefully", "INFO  farine.cli.Supervisor - stopped")
                    // issue 24 item 12: the loop's sleep interrupted by the stop is no warning
                    .doesNotContain(" WARN ", "interrupted")
                    .containsPattern("ready in \\d+ ms")
                    // one line per event: time, level, service.method from the MDC, logger, message
                    .containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\dT[0-9:.]+(Z|[+-]\\d\\d:\\d\\d) INFO  hello\\.greet trace_id=[0-9a-f]{32} span_id=[0-9a-f]{16} examples\\.hello\\.Hello - hello, world!$");
            assertThat(farine.err()).isEmpty();
        }
    }

    @Test
    void aSecondSignalStopsImmediatelyWithoutWaitingForWorkers() {
        try (FarineProcess farine = FarineProcess.start(dir, broker(), "--start=farine.cli.fixtures.Stubborn",
                "--classpath=" + TEST_CLASSES)) {
            farine.awaitOut("started stubborn").awaitOut("holding on");
            farine.terminate();
            farine.awaitOut("stopping gracefully");

            farine.terminate();

            // the worker would hold a graceful stop for a minute (within shutdown_timeout = 30 s)
            assertThat(farine.exitCode()).as(farine.output()).isEqualTo(128 + 15);
            assertThat(farine.out()).contains("received SIGTERM again: stopping immediately", "killed, exiting with status 143");
        }
    }

    @Test
    void aServiceThatDiesEndsTheProcessWithStatusThree() {
        try (FarineProcess farine = FarineProcess.start(dir, broker(), "--start=farine.cli.fixtures.Dying",
                "--classpath=" + TEST_CLASSES)) {
            assertThat(farine.exitCode()).as(farine.output()).isEqualTo(3);
            assertThat(farine.out()).contains("started dying: dies after start", "a service died, exiting with status 3",
                    "died on purpose");
        }
    }

    @Test
    void anUnreachableBrokerExitsOneWithTheMaskedUri() {
        FarineProcess farine = FarineProcess.run(dir, Map.of("FARINE_DEFAULT_AMQP_URI", "amqp://app:s3cr3t@127.0.0.1:1/%2F"),
                "--start=farine.cli.fixtures.BrokerUser", "--classpath=" + TEST_CLASSES, "--wait-for-broker=1s");

        assertThat(farine.exitCode()).as(farine.output()).isEqualTo(1);
        assertThat(farine.err()).contains("farine: ", "amqp://app:****@127.0.0.1:1");
        assertThat(farine.output()).doesNotContain("s3cr3t");
    }

    @Test
    void anUnknownModuleExitsOneSayingWhatWasSearchedWhere() {
        FarineProcess farine = FarineProcess.run(dir, broker(), "--start=no.such.module");

        assertThat(farine.exitCode()).as(farine.output()).isEqualTo(1);
        assertThat(farine.err()).contains("farine: no service found for --start=no.such.module", "searched",
                "classpath entries", "user classpath: none (give --classpath or FARINE_CLASSPATH)");
    }

    @Test
    void aBadIniValueExitsOneNamingSectionKeyAndValue() throws IOException {
        Path ini = Files.writeString(dir.resolve("farine.ini"), "[hello]\nenabled = maybe\n");

        FarineProcess farine = FarineProcess.run(dir, Map.of("FARINE_INI", ini.toString()), "--start=examples.hello");

        assertThat(farine.exitCode()).as(farine.output()).isEqualTo(1);
        assertThat(farine.err()).contains("farine: [hello] enabled = \"maybe\": expected");
    }

    @Test
    void callWithoutABrokerSaysHowToGiveOne() {
        FarineProcess farine = FarineProcess.run(dir, Map.of("XDG_RUNTIME_DIR", dir.toString()), "call", "greeting", "hello", "Ada");
        assertThat(farine.exitCode()).as(farine.output()).isEqualTo(1);
        assertThat(farine.err()).contains("farine: no broker to call greeting.hello on: no amqp_uri configured and no bin/farine"
                + " with an embedded broker is running", "give --amqp-uri");
    }

    @Test
    void aSecondSignalExits143EvenWhenTheKillCompletesTheStopAtOnce() {
        try (FarineProcess farine = FarineProcess.start(dir, broker(), "--start=farine.cli.fixtures.Reluctant",
                "--classpath=" + TEST_CLASSES)) {
            farine.awaitOut("holding on");
            farine.terminate();
            farine.awaitOut("interrupted 1 time(s)");

            farine.terminate();

            assertThat(farine.exitCode()).as(farine.output()).isEqualTo(128 + 15);
            assertThat(farine.out()).doesNotContain("Supervisor - stopped");
        }
    }

    @Test
    void aUsageErrorExitsTwo() {
        FarineProcess farine = FarineProcess.run(dir, Map.of(), "--start=examples.hello", "--frobnicate");

        assertThat(farine.exitCode()).as(farine.output()).isEqualTo(2);
        assertThat(farine.err()).contains("Unknown option: '--frobnicate'", "Try 'farine --help'").doesNotContain("Usage: farine");
    }

    @Test
    void helpListsTheExitStatusesAndVersionNamesTheJava() {
        FarineProcess help = FarineProcess.run(dir, Map.of(), "--help");
        FarineProcess version = FarineProcess.run(dir, Map.of(), "--version");

        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.out()).contains("Usage: farine", "--start", "migrate", "config", "Exit status:", "FARINE_INI")
                .containsPattern("3 +a service died");
        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.out()).containsPattern("farine \\d+\\.\\d+\\.\\d+").contains("Java ");
    }

    @Test
    void worksThroughASymlinkFromAnyFolder() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("farine"), FarineProcess.root().resolve("bin/farine"));
        ProcessBuilder builder = new ProcessBuilder(link.toString(), "--version").directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("FARINE_NO_BUILD", "1");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(FarineProcess.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).containsPattern("^farine \\d+\\.\\d+\\.\\d+");
    }

    @Test
    void configShowsTheEffectiveValuesWithSecretsMasked() {
        FarineProcess farine = FarineProcess.run(dir, Map.of("FARINE_HELLO_AMQP_URI", "amqp://app:s3cr3t@broker.example/prod",
                "FARINE_HELLO_DB_PASSWORD", "hunter2"), "config", "--start=examples.hello");

        assertThat(farine.exitCode()).as(farine.output()).isZero();
        assertThat(farine.out()).contains("[hello]")
                .containsPattern("amqp_uri = amqp://app:\\*+@broker.example/prod +; env FARINE_HELLO_AMQP_URI")
                .containsPattern("db_password = \\*+ +; env FARINE_HELLO_DB_PASSWORD")
                .doesNotContain("s3cr3t", "hunter2");
    }

    @Test
    void runsAndServesAServiceCompiledOutsideTheRepositoryFromAFolder() throws IOException {
        String service = "ext_" + UUID.randomUUID().toString().substring(0, 8);
        Path classes = compile(service);

        callableWhenStarted(service, "--start=x", "--classpath=" + classes);
    }

    /**
     * Issue 24, the README's standalone client: compiled and run with {@code farine-cli/target/classpath}, which
     * bin/farine writes (the launcher's jar and its dependencies), it prints its own line and nothing else: the
     * launcher jar's logging set-up applies (with lib.classpath alone logback printed a DEBUG line per call on stdout).
     */
    @Test
    void aClientOnTheLaunchersClasspathFilePrintsOnlyItsOwnLines() throws Exception {
        String service = "ext_" + UUID.randomUUID().toString().substring(0, 8);
        Path classes = compile(service);
        try (FarineProcess farine = FarineProcess.start(dir, broker(), "--start=x", "--classpath=" + classes)) {
            farine.awaitOut("started " + service + ": rpc echo");
            Path file = FarineProcess.root().resolve("farine-cli/target/classpath");
            String classpath = Files.readString(file);
            assertThat(classpath.split(":")[0]).as(file.toString()).matches(".*/farine-cli-[^/]*\\.jar");

            Path source = Files.createDirectories(dir.resolve("client/y")).resolve("Client.java");
            Files.writeString(source, """
                    package y;

                    import farine.rpc.RpcClients;

                    public class Client {
                        public static void main(String[] args) {
                            try (RpcClients clients = RpcClients.connect(args[0])) {
                                System.out.println(clients.caller(args[1]).call(String.class, "echo", "hi"));
                            }
                        }
                    }
                    """);
            Path out = Files.createDirectories(dir.resolve("client-classes"));
            assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "21", "-cp", classpath,
                    "-d", out.toString(), source.toString())).as("javac status").isZero();
            Process client = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", out + ":" + classpath, "y.Client", amqpUri(), service).redirectErrorStream(true).start();
            String printed = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(client.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(client.exitValue()).as(printed).isZero();
            assertThat(printed).isEqualTo("echo: hi" + System.lineSeparator());

            farine.terminate();
            assertThat(farine.exitCode()).as(farine.output()).isZero();
        }
    }

    @Test
    void runsAServiceFromAJarWithoutDirectoryEntriesGivenAsDirStar() throws IOException {
        String service = "ext_" + UUID.randomUUID().toString().substring(0, 8);
        Path classes = compile(service);
        Path lib = Files.createDirectories(dir.resolve("lib"));
        jar(classes, lib.resolve("echo.jar"));

        // a package (not a class) so that the jar must be searched; FARINE_CLASSPATH instead of --classpath
        try (FarineProcess farine = FarineProcess.start(dir, Map.of("FARINE_DEFAULT_AMQP_URI", amqpUri(),
                "FARINE_CLASSPATH", "lib/*"), "--start=x")) {
            farine.awaitOut("started " + service + ": rpc echo");
            try (RpcClients clients = RpcClients.connect(amqpUri())) {
                assertThat(clients.caller(service).call(String.class, "echo", "jar")).isEqualTo("echo: jar");
            }
            farine.terminate();
            assertThat(farine.exitCode()).as(farine.output()).isZero();
        }
    }

    @Test
    void anOutOfMemoryErrorInAWorkerEndsTheProcessWithExitCodeThree() throws IOException {
        String service = "hog_" + UUID.randomUUID().toString().substring(0, 8);
        Path source = Files.createDirectories(dir.resolve("hog/src/y")).resolve("Hog.java");
        Files.writeString(source, """
                package y;

                import farine.Service;
                import farine.rpc.RpcMethod;
                import java.util.ArrayList;
                import java.util.List;

                @Service("%s")
                public final class Hog {
                    @RpcMethod
                    public int hog() {
                        List<long[]> all = new ArrayList<>();
                        while (true) {
                            all.add(new long[1 << 20]);
                        }
                    }
                }
                """.formatted(service));
        Path classes = Files.createDirectories(dir.resolve("hog/classes"));
        String launcherClasspath = Files.readString(FarineProcess.root().resolve("farine-cli/target/lib.classpath")).strip();
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-parameters", "--release", "21", "-cp", launcherClasspath,
                "-d", classes.toString(), source.toString())).as("javac status").isZero();

        // without bin/farine's -XX:+ExitOnOutOfMemoryError the worker's error is answered and the process limps on
        try (FarineProcess farine = FarineProcess.start(dir, Map.of("FARINE_DEFAULT_AMQP_URI", amqpUri(), "FARINE_JAVA_OPTS", "-Xmx64m"),
                "--start=y", "--classpath=" + classes)) {
            farine.awaitOut("started " + service);
            try (RpcClients clients = RpcClients.connect(amqpUri())) {
                assertThatThrownBy(() -> clients.caller(service).withTimeout(Duration.ofSeconds(8)).call("hog"))
                        .isInstanceOf(RpcTimeoutException.class);
            }
            assertThat(farine.exitCode()).as(farine.output()).isEqualTo(3);
        }
    }

    /**
     * Issue 24 item 13: "ready in N ms" is the service's start, not bin/farine's build before it. A copy of bin/ in a
     * clone whose launcher is not built yet; its ./mvnw stands in for the build: it takes 5 s and lays down the real
     * launcher's jars. The JVM starts after it, so N is at most the time seen here minus those 5 s; counted from the
     * process's start (the shell, which execs the JVM) it would include them.
     */
    @Test
    void readyInDoesNotCountTheBuildBeforeIt() throws IOException {
        Path clone = Files.createDirectories(dir.resolve("clone/bin"));
        for (String script : new String[] {"farine", "find-jdk"}) {
            Files.copy(FarineProcess.root().resolve("bin/" + script), clone.resolve(script));
        }
        Path root = clone.getParent();
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Path target = FarineProcess.root().resolve("farine-cli/target");
        Path jar;
        try (Stream<Path> jars = Files.list(target)) {
            jar = jars.filter(p -> p.getFileName().toString().matches("farine-cli-[^-]+(-SNAPSHOT)?\\.jar")).findFirst().orElseThrow();
        }
        Path mvnw = Files.writeString(root.resolve("mvnw"), """
                #!/bin/sh
                sleep 5
                mkdir -p farine-cli/target
                cp '%s' farine-cli/target/
                cp '%s' farine-cli/target/lib.classpath
                """.formatted(jar, target.resolve("lib.classpath")));
        assertThat(mvnw.toFile().setExecutable(true)).isTrue();

        long began = System.nanoTime();
        try (FarineProcess farine = FarineProcess.start(clone.resolve("farine"), dir, Map.of("FARINE_DEFAULT_AMQP_URI", amqpUri(),
                "FARINE_NO_BUILD", "0", "FARINE_CDS", "0"), "--start=examples.hello")) {
            farine.awaitOut("ready in");
            long seen = Duration.ofNanos(System.nanoTime() - began).toMillis();

            assertThat(farine.err()).contains("bin/farine: building the launcher (not built yet)");
            Matcher ready = Pattern.compile("ready in (\\d+) ms \\(JVM start after the build to all services started").matcher(farine.out());
            assertThat(ready.find()).isTrue();
            assertThat(Long.parseLong(ready.group(1))).as(farine.output()).isLessThanOrEqualTo(seen - 5_000);
            farine.terminate();
            assertThat(farine.exitCode()).as(farine.output()).isZero();
        }
    }

    private void callableWhenStarted(String service, String... args) {
        try (FarineProcess farine = FarineProcess.start(dir, broker(), args)) {
            farine.awaitOut("started " + service + ": rpc echo");

            try (RpcClients clients = RpcClients.connect(amqpUri())) {
                assertThat(clients.caller(service).call(String.class, "echo", "hi")).isEqualTo("echo: hi");
            }

            // and from the shell, as a user tries it: another process, the broker from the environment
            FarineProcess call = FarineProcess.run(dir, broker(), "call", service, "echo", "from the shell");
            assertThat(call.exitCode()).as(call.output()).isZero();
            assertThat(call.out().strip()).isEqualTo("\"echo: from the shell\"");
            // keyword arguments, bound by parameter name
            FarineProcess byName = FarineProcess.run(dir, broker(), "call", "--kwargs={\"text\": \"by name\"}", service, "echo");
            assertThat(byName.exitCode()).as(byName.output()).isZero();
            assertThat(byName.out().strip()).isEqualTo("\"echo: by name\"");

            // a method nobody serves: no queue receives the request, so the call fails at once (mandatory publish),
            // exit 1 with service and method named
            FarineProcess missing = FarineProcess.run(dir, broker(), "call", "--timeout=1s", service, "nosuch");
            assertThat(missing.exitCode()).as(missing.output()).isEqualTo(1);
            assertThat(missing.err()).contains("farine: no queue receives " + service + ".nosuch");

            farine.terminate();
            assertThat(farine.exitCode()).as(farine.output()).isZero();
        }
    }

    /** Compiles x.Echo (an RPC service named {@code service}) against the launcher's jars, into a folder outside the repository. */
    private Path compile(String service) throws IOException {
        Path source = Files.createDirectories(dir.resolve("src/x")).resolve("Echo.java");
        Files.writeString(source, """
                package x;

                import farine.Service;
                import farine.rpc.RpcMethod;

                @Service("%s")
                public final class Echo {
                    @RpcMethod
                    public String echo(String text) {
                        return "echo: " + text;
                    }
                }
                """.formatted(service));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String launcherClasspath = Files.readString(FarineProcess.root().resolve("farine-cli/target/lib.classpath")).strip();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-parameters", "--release", "21", "-cp", launcherClasspath,
                "-d", classes.toString(), source.toString());
        assertThat(status).as("javac status").isZero();
        return classes;
    }

    /** A jar of the folder's files only: no directory entries, as some tools write them. */
    private static void jar(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }
}
