package farine.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A child JVM running {@link Serve} (or any command), talked to over stdin/stdout. */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;

    private ServerProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** {@code java -cp <this classpath> farine.bench.Serve mode uri service}, stderr to {@code log}. */
    static ServerProcess serve(String mode, String uri, String service, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Serve.class.getName());
        command.add(mode);
        command.add(uri);
        command.add(service);
        return start(new ProcessBuilder(command), log);
    }

    static ServerProcess start(ProcessBuilder builder, Path log) throws IOException {
        builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new ServerProcess(builder.start());
    }

    long pid() {
        return process.pid();
    }

    /** Asks for {@code stats} (after a full GC) or {@code stats-live}; blocks for the answer. */
    /**
     * Waits for {@code reply}, the answer to a request the process should serve, for at most {@code timeout};
     * a process that exits first, or a reply that does not come, fails with what it is and the log to read
     * (a launcher that refuses to start says why there), not with a bare timeout.
     */
    <T> T awaitReply(CompletableFuture<T> reply, Duration timeout, String what, Path log) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return reply.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(what + " (pid " + process.pid() + ") exited with code " + process.exitValue()
                            + " before serving its first call; the end of " + log + ":\n" + tail(log));
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(what + " (pid " + process.pid() + ") served no call within " + timeout.toSeconds()
                            + " s; the end of " + log + ":\n" + tail(log));
                }
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read it: " + e + ")";
        }
    }

    ProcessStats stats(boolean collect) throws IOException {
        in.println(collect ? "stats" : "stats-live");
        String line = out.readLine();
        if (line == null) {
            throw new IllegalStateException("server process " + process.pid() + " exited (" + exitCode() + ") instead of answering stats");
        }
        return ProcessStats.parse(line);
    }

    private String exitCode() {
        return process.isAlive() ? "still running" : "exit " + process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        // Serve quits on "quit" or a closed stdin; a launcher stops on SIGTERM (sent to its children too)
        in.println("quit");
        in.close();
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
