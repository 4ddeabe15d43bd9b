package farine.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * The archive this build made ({@code farine-VERSION.tar.gz}), unpacked with {@code tar} into a temporary
 * folder far from the source tree, and its {@code bin/farine} run as ops would run it: only a JDK
 * ({@code JAVA_HOME}) and the archive, the working directory a folder of its own.
 */
final class Distribution implements AutoCloseable {

    private static final Duration COMMAND = Duration.ofSeconds(60);

    private final Path dir;
    private final Path home;

    private Distribution(Path dir, Path home) {
        this.dir = dir;
        this.home = home;
    }

    static Distribution unpack() throws IOException, InterruptedException {
        Path archive = Path.of(System.getProperty("farine.dist", "target/farine.tar.gz"));
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("no distribution at " + archive + ": run the package phase of farine-dist first");
        }
        Path dir = Files.createTempDirectory("farine-dist-");
        Process tar = new ProcessBuilder("tar", "xzf", archive.toAbsolutePath().toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("tar.out").toFile()).start();
        if (!tar.waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IllegalStateException("tar xzf " + archive + " failed: " + Files.readString(dir.resolve("tar.out")));
        }
        try (Stream<Path> top = Files.list(dir)) {
            Path home = top.filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IllegalStateException(archive + " holds no top folder"));
            return new Distribution(dir, home);
        }
    }

    /** The unpacked {@code farine-VERSION} folder. */
    Path home() {
        return home;
    }

    /** A new empty folder to run from (no {@code etc/farine.ini} of the source tree around). */
    Path workDir(String name) throws IOException {
        return Files.createDirectories(dir.resolve("run-" + name));
    }

    /** {@code bin/farine args...} started in {@code workDir}, stdout and stderr to {@code workDir/<log>}. */
    Process start(Path workDir, String log, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/farine").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve(log).toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("FARINE_"));
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.putAll(env);
        return builder.start();
    }

    /** Runs {@code bin/farine args...} to its end; its exit status and output. */
    Result run(Path workDir, String... args) throws IOException, InterruptedException {
        String log = "run-" + System.nanoTime() + ".out";
        Process p = start(workDir, log, Map.of(), args);
        if (!p.waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("bin/farine " + String.join(" ", args) + " did not end within " + COMMAND.toSeconds()
                    + " s: " + Files.readString(workDir.resolve(log)));
        }
        return new Result(p.exitValue(), Files.readString(workDir.resolve(log), StandardCharsets.UTF_8));
    }

    record Result(int status, String output) {
    }

    /**
     * Waits until the log {@code file} of {@code p} holds {@code text}; fails at once, with the log, when the
     * process ends first, and after {@code timeout}.
     */
    static void awaitLog(Process p, Path file, String text, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .failFast("bin/farine ended before logging '" + text + "' (its log: " + file + ")",
                        () -> !p.isAlive() && !read(file).contains(text))
                .untilAsserted(() -> assertThat(read(file)).as("log of bin/farine").contains(text));
    }

    static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
