package farine.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL cluster of our own (initdb + pg_ctl in a temporary directory, on a free loopback port,
 * trust authentication), so that a scenario can restart the database without touching the shared
 * server on 5432. As root the server runs as user {@code postgres}, which PostgreSQL requires.
 * Stopped ({@code -m immediate}) and removed in {@link #close()} and at JVM exit.
 */
final class PrivatePostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrivatePostgres.class);
    private static final Duration COMMAND = Duration.ofSeconds(120);

    private final Path bin;
    private final Path dir;
    private final int port;
    private final Thread hook;
    private volatile boolean closed;

    private PrivatePostgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.hook = new Thread(this::destroy, "private-postgres-stop");
    }

    static PrivatePostgres start() throws IOException {
        Path bin = binaries();
        Path dir = Files.createTempDirectory("farine-fault-pg-");
        PrivatePostgres pg = new PrivatePostgres(bin, dir, Ports.free());
        Runtime.getRuntime().addShutdownHook(pg.hook);
        long began = System.nanoTime();
        if (root()) {
            Procs.run(List.of("chown", "postgres", dir.toString()), dir, Map.of(), COMMAND);
        }
        pg.tool("initdb", "-D", pg.data().toString(), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8");
        pg.pgStart();
        LOG.info("private PostgreSQL on 127.0.0.1:{} up in {} ms (dir {})", pg.port, (System.nanoTime() - began) / 1_000_000, dir);
        return pg;
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The server binaries: pg_config's bindir, else the newest /usr/lib/postgresql/N/bin. */
    private static Path binaries() throws IOException {
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> versions = Files.list(lib)) {
                var found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparing(Path::toString));
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw new IllegalStateException("the PostgreSQL restart scenario needs initdb and pg_ctl (apt-get install postgresql);"
                + " none under " + lib + ". The shared server on 5432 is never restarted");
    }

    private Path data() {
        return dir.resolve("data");
    }

    int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}; user {@code postgres}, no password. */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    Connection connect() throws Exception {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "");
    }

    /** Fast shutdown (clients disconnected, open transactions rolled back), down for a while, start again. */
    Duration restart(Duration down) throws InterruptedException {
        long began = System.nanoTime();
        pgStop("fast");
        Thread.sleep(down.toMillis());
        pgStart();
        return Duration.ofNanos(System.nanoTime() - began);
    }

    void stop() {
        pgStop("fast");
    }

    private void pgStart() {
        tool("pg_ctl", "-D", data().toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "120",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50",
                "start");
    }

    private void pgStop(String mode) {
        tool("pg_ctl", "-D", data().toString(), "-m", mode, "-w", "-t", "60", "stop");
    }

    private String tool(String name, String... args) {
        List<String> command = new ArrayList<>();
        if (root()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(name).toString());
        command.addAll(List.of(args));
        return Procs.run(command, dir, Map.of(), COMMAND);
    }

    @Override
    public void close() {
        destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs (and finds it closed)
        }
    }

    private synchronized void destroy() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (Files.exists(data().resolve("postmaster.pid"))) {
                pgStop("immediate");
            }
        } catch (RuntimeException e) {
            LOG.warn("stopping the private PostgreSQL on {} failed: {}", port, e.getMessage());
        }
        Procs.deleteTree(dir);
    }
}
