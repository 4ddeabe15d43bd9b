package farine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import farine.testing.TestBroker;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/farine's start-up cache on JDK 25+ (docs/cli.md): a service run lists its classes, a later one trains the
 * AOT cache in a JVM of its own, the runs after it use it; nothing of it shows on a user's output or holds a
 * process after "stopped", --help and usage errors do nothing towards it, and two first runs at once leave one
 * cache, never an empty file. The cache goes to a folder of the test's own (FARINE_CACHE_DIR).
 */
@EnabledIf("jdk25")
class AotCacheIT {

    @TempDir
    Path dir;

    @TempDir
    Path cache;

    static boolean jdk25() throws IOException {
        Path release = Path.of(new String(new ProcessBuilder(FarineProcess.root().resolve("bin/find-jdk").toString()).start()
                .getInputStream().readAllBytes()).strip(), "release");
        return Files.readAllLines(release).stream().anyMatch(l -> l.matches("JAVA_VERSION=\"(2[5-9]|[3-9]\\d).*"));
    }

    private Map<String, String> env() {
        URI uri = URI.create(TestBroker.amqpUri());
        String path = uri.getRawPath();
        String amqp = path == null || path.isEmpty() || path.equals("/") ? uri.getScheme() + "://" + uri.getRawAuthority() + "/%2F" : uri.toString();
        return Map.of("FARINE_DEFAULT_AMQP_URI", amqp, "FARINE_CACHE_DIR", cache.toString(), "FARINE_AOT_TRAINING_DELAY", "0");
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.map(p -> p.getFileName().toString() + (Files.isRegularFile(p) ? " " + size(p) : "/")).sorted().toList();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    /** A service run to "ready", then SIGTERM; its exit must follow "stopped" at once. */
    private FarineProcess serviceRun() {
        FarineProcess farine = FarineProcess.start(dir, env(), "--start=examples.hello").awaitOut("ready in");
        farine.terminate();
        long signalled = System.nanoTime();
        assertThat(farine.exitCode()).as(farine.output()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - signalled)).as("exit after SIGTERM").isLessThan(Duration.ofSeconds(5));
        assertThat(farine.out()).as(farine.output()).doesNotContain("AOT").contains("stopped");
        return farine;
    }

    @Test
    void helpAndUsageErrorsDoNothingTowardsTheCacheAndServiceRunsBuildItWithoutShowingIt() throws Exception {
        FarineProcess help = FarineProcess.run(dir, env(), "--help");
        assertThat(help.exitCode()).isZero();
        FarineProcess usage = FarineProcess.run(dir, env(), "--no-such-option");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(help.out() + usage.out() + usage.err()).doesNotContain("AOT");
        assertThat(files()).noneMatch(f -> f.startsWith("farine.aot") || f.startsWith("training"));

        serviceRun(); // lists its classes
        assertThat(files()).anyMatch(f -> f.startsWith("farine.classes ")).noneMatch(f -> f.startsWith("farine.aot"));

        // two runs at once, both finding the list: one trains, in the background, and the cache is whole
        FarineProcess first = FarineProcess.start(dir, env(), "--start=examples.hello");
        FarineProcess second = FarineProcess.start(dir, env(), "--start=examples.hello");
        for (FarineProcess farine : List.of(first, second)) {
            farine.awaitOut("ready in");
            farine.terminate();
            assertThat(farine.exitCode()).as(farine.output()).isZero();
            assertThat(farine.out()).doesNotContain("AOT");
        }
        await().atMost(Duration.ofMinutes(3)).until(() -> !Files.exists(cache.resolve("training")));
        assertThat(files()).as("one cache, no empty or half-written file").anyMatch(f -> f.matches("farine\\.aot [1-9]\\d*"))
                .noneMatch(f -> f.matches("farine\\.aot\\..*")).noneMatch(f -> f.endsWith(" 0"));

        FarineProcess cached = FarineProcess.start(dir, env(), "--start=examples.hello").awaitOut("ready in");
        List<String> arguments = cached.jvmArguments();
        cached.terminate();
        assertThat(cached.exitCode()).as(cached.output()).isZero();
        assertThat(arguments).contains("-XX:AOTCache=" + cache.resolve("farine.aot"));
        assertThat(cached.out()).doesNotContain("AOT");
    }
}
