package farine.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A service (or a command of the launcher) in its own JVM, started as a user starts it: {@code farine.cli.Main --start=... --config=...}
 * with this module's test classpath. Output goes to {@code target/<name>.log}. Killed at close if still alive.
 */
final class Child implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private Child(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static Child start(String name, String target, Path ini) throws IOException {
        return launch(name, List.of(), List.of("--start=" + target, "--config=" + ini));
    }

    /**
     * The launcher with extra JVM options (as {@code FARINE_JAVA_OPTS} gives them to {@code bin/farine}) and
     * the given arguments: a service ({@code --start=...}) or a command ({@code call ...}).
     */
    static Child launch(String name, List<String> jvmOptions, List<String> args) throws IOException {
        Path log = Path.of("target", name + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "farine.cli.Main"));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        return new Child(name, process, log);
    }

    /** Waits for the launcher's "started" line; fails with the log if the process dies or takes too long. */
    Child awaitStarted(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains("started worker:")) {
                return this;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before starting:\n" + output());
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not start within " + timeout.toSeconds() + " s:\n" + output());
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no goodbye to the broker. */
    void sigkill() {
        process.destroyForcibly();
    }

    /** SIGTERM: the launcher's graceful stop. */
    void sigterm() {
        process.destroy();
    }

    /** The exit code, or -1 if still running after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
