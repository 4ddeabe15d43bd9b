package farine.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * How the bench starts the farine launcher: {@code bin/farine} when the repository has it, else the
 * launcher's main class on the classpath its build lays out ({@code farine-cli/target/*.jar + lib/}).
 * The service is {@link FarineServices.FarineServe}, found in the bench's own jar or classes.
 */
final class Launcher {

    private Launcher() {
    }

    /** The command, after writing the INI it reads; null when no launcher is built. */
    static List<String> command(Path ini, URI broker) throws IOException {
        Files.writeString(ini, "[DEFAULT]\namqp_uri = " + broker + "\n\n[" + FarineServices.FarineServe.NAME + "]\nconcurrency = "
                + Rounds.SERVER_PREFETCH + "\n");
        List<String> args = List.of("--start=" + FarineServices.FarineServe.class.getName(), "--classpath=" + benchClasses(),
                "--config=" + ini.toAbsolutePath(), "--log-level=WARN");
        List<String> command = new ArrayList<>();
        Path script = Path.of("bin", "farine");
        if (Files.isExecutable(script)) {
            command.add(script.toAbsolutePath().toString());
        } else {
            Path target = Path.of("farine-cli", "target");
            Path lib = target.resolve("lib");
            Path jar = jar(target);
            if (jar == null || !Files.isDirectory(lib)) {
                return null;
            }
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-cp");
            command.add(jar.toAbsolutePath() + java.io.File.pathSeparator + lib.toAbsolutePath() + "/*");
            command.add("farine.cli.Main");
        }
        command.addAll(args);
        return command;
    }

    /**
     * Waits, at most {@code max}, while {@code bin/farine} trains its AOT cache in the background (JDK 25+: the
     * {@code training} directory is its lock, removed when the cache is written or the training failed).
     */
    static void awaitClassCache(java.time.Duration max) throws InterruptedException {
        Path training = Path.of("farine-cli", "target", "cds", "training");
        long deadline = System.nanoTime() + max.toNanos();
        while (Files.exists(training) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    /**
     * Whether {@code bin/farine}'s AOT cache is there and newer than the launcher's build, no training under way
     * (JDK 25+; on older JDKs, or without bin/farine, there is nothing to wait for: true).
     */
    static boolean classCacheReady() {
        Path cds = Path.of("farine-cli", "target", "cds");
        Path aot = cds.resolve("farine.aot");
        Path built = Path.of("farine-cli", "target", "lib.classpath");
        if (Runtime.version().feature() < 25 || !Files.isExecutable(Path.of("bin", "farine")) || !Files.exists(built)) {
            return true;
        }
        try {
            return Files.exists(aot) && !Files.exists(cds.resolve("training"))
                    && Files.getLastModifiedTime(aot).compareTo(Files.getLastModifiedTime(built)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path jar(Path target) throws IOException {
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("farine-cli-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().matches(".*-(sources|javadoc|tests)\\.jar"))
                    .findFirst().orElse(null);
        }
    }

    private static String benchClasses() {
        try {
            return Path.of(FarineServices.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException("where are the bench classes? " + e.getMessage()));
        }
    }
}
