package farine.cli;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The real {@code bin/farine} as a child process, its stdout and stderr collected. Never builds (FARINE_NO_BUILD=1):
 * the Maven build has packaged the launcher before the integration tests. Close it to kill what is left.
 */
final class FarineProcess implements AutoCloseable {

    /** Generous: on a loaded 2-core machine a JVM start can take many seconds. */
    static final Duration PATIENCE = Duration.ofMinutes(2);

    private final Process process;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final List<Thread> pumps = new ArrayList<>();

    private FarineProcess(Process process) {
        this.process = process;
        pumps.add(pump(process.getInputStream(), out));
        pumps.add(pump(process.getErrorStream(), err));
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isExecutable(dir.resolve("bin/farine"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no bin/farine above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** Starts {@code bin/farine args} in {@code workingDirectory} with the given environment on top of this one's. */
    static FarineProcess start(Path workingDirectory, Map<String, String> env, String... args) {
        return start(root().resolve("bin/farine"), workingDirectory, env, args);
    }

    /** Starts {@code script args} (a copy of bin/farine elsewhere) as {@link #start(Path, Map, String...)} does bin/farine. */
    static FarineProcess start(Path script, Path workingDirectory, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        // no configuration leaks in from the machine running the tests
        builder.environment().keySet().removeIf(key -> key.startsWith("FARINE_") && !key.startsWith("FARINE_TEST_"));
        builder.environment().put("FARINE_NO_BUILD", "1");
        builder.environment().putAll(env);
        try {
            return new FarineProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Runs {@code bin/farine args} to its end (within {@link #PATIENCE}). */
    static FarineProcess run(Path workingDirectory, Map<String, String> env, String... args) {
        FarineProcess farine = start(workingDirectory, env, args);
        farine.exitCode();
        return farine;
    }

    /** Runs {@code bin/farine args} with {@code input} on its standard input, to its end. */
    static FarineProcess runWithInput(Path workingDirectory, Map<String, String> env, String input, String... args) {
        FarineProcess farine = start(workingDirectory, env, args);
        try (var stdin = farine.process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        farine.exitCode();
        return farine;
    }

    /** The launcher's process id (bin/farine execs the JVM, so it is the JVM's). */
    long pid() {
        return process.pid();
    }

    private static Thread pump(InputStream in, StringBuffer into) {
        return Thread.ofPlatform().daemon().start(() -> {
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                into.append("[test: reading the output failed: ").append(e).append(']');
            }
        });
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    /** Everything it printed, for assertion messages. */
    String output() {
        return "stdout:\n" + out + "\nstderr:\n" + err;
    }

    /** Waits until stdout contains {@code text}; fails early if the process ends without printing it. */
    FarineProcess awaitOut(String text) {
        try {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> printed(text));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("bin/farine did not print \"" + text + "\" within " + PATIENCE + "\n" + output(), e);
        }
        return this;
    }

    private boolean printed(String text) {
        if (out().contains(text)) {
            return true;
        }
        if (!process.isAlive()) {
            pumps.forEach(FarineProcess::join);
            if (out().contains(text)) {
                return true;
            }
            throw new AssertionError("bin/farine exited with " + process.exitValue() + " before printing \"" + text + "\"\n" + output());
        }
        return false;
    }

    /**
     * The JVM's arguments (bin/farine execs the JVM), read from /proc/PID/cmdline: {@code ProcessHandle.Info.arguments()}
     * is empty on Linux once the command line is longer than a page (4096 bytes), which the launcher's class path of
     * some 45 absolute jar paths is.
     */
    List<String> jvmArguments() {
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"), StandardCharsets.UTF_8);
            List<String> words = List.of(cmdline.split("\0"));
            return words.isEmpty() ? words : words.subList(1, words.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the command line of process " + process.pid(), e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM; through the process handle, because {@link Process#destroy()} also closes the output streams. */
    void terminate() {
        process.toHandle().destroy();
    }

    /** SIGKILL, as {@code kill -9}: the JVM gets no chance to say goodbye. */
    void killHard() {
        process.toHandle().destroyForcibly();
    }

    /** Waits for the exit (within {@link #PATIENCE}) and for all output. */
    int exitCode() {
        try {
            if (!process.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("bin/farine still running after " + PATIENCE + "\n" + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        pumps.forEach(FarineProcess::join);
        return process.exitValue();
    }

    private static void join(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
