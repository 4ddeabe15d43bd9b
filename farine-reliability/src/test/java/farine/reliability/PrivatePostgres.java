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
 * A PostgreSQL cluster of our own (initdb + pg_ctl in a temporary directory, on a free loopback port),
 * so that a scenario can restart the database, or demand passwords, without touching the shared
 * (trust) server on 5432. As root the server runs as user {@code postgres}, which PostgreSQL requires.
 * Stopped ({@code -m immediate}) and removed in {@link #close()} and at JVM exit.
 */
final class PrivatePostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrivatePostgres.class);
    private static final Duration COMMAND = Duration.ofSeconds(120);

    private final Path bin;
    private final Path dir;
    private final int port;
    private final String superuserPassword;
    private final Thread hook;
    private volatile boolean closed;

    private PrivatePostgres(Path bin, Path dir, int port, String superuserPassword) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.superuserPassword = superuserPassword;
        this.hook = new Thread(this::destroy, "private-postgres-stop");
    }

    /** Trust authentication: any password, or none, is accepted. */
    static PrivatePostgres start() throws IOException {
        return start("");
    }

    /**
     * Password authentication: TCP connections (the only kind farine makes) must pass scram-sha-256, the
     * superuser {@code postgres} with {@code superuserPassword}; the server's own socket stays trust.
     */
    static PrivatePostgres withPasswords(String superuserPassword) throws IOException {
        if (superuserPassword.isEmpty()) {
            throw new IllegalArgumentException("password authentication needs a superuser password");
        }
        return start(superuserPassword);
    }

    private static PrivatePostgres start(String superuserPassword) throws IOException {
        Path bin = binaries();
        Path dir = Files.createTempDirectory("farine-fault-pg-");
        PrivatePostgres pg = new PrivatePostgres(bin, dir, Ports.free(), superuserPassword);
        Runtime.getRuntime().addShutdownHook(pg.hook);
        long began = System.nanoTime();
        if (root()) {
            Procs.run(List.of("chown", "postgres", dir.toString()), dir, Map.of(), COMMAND);
        }
        List<String> initdb = new ArrayList<>(List.of("-D", pg.data().toString(), "-U", "postgres", "--no-sync", "-E", "UTF8"));
        if (superuserPassword.isEmpty()) {
            initdb.addAll(List.of("-A", "trust"));
            pg.tool("initdb", initdb.toArray(String[]::new));
        } else {
            // initdb writes pg_hba.conf with these methods and sets the superuser's password from the file
            Path pwfile = dir.resolve("pwfile");
            Files.writeString(pwfile, superuserPassword + "\n");
            initdb.addAll(List.of("--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + pwfile));
            try {
                pg.tool("initdb", initdb.toArray(String[]::new));
            } finally {
                Files.deleteIfExists(pwfile);
            }
        }
        pg.pgStart();
        LOG.info("private PostgreSQL on 127.0.0.1:{} up in {} ms ({} authentication, dir {})", pg.port,
                (System.nanoTime() - began) / 1_000_000, superuserPassword.isEmpty() ? "trust" : "scram-sha-256", dir);
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

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}; user {@code postgres} with the superuser password, if any. */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** As the superuser, to database {@code postgres}. */
    Connection connect() throws Exception {
        return DriverManager.getConnection(jdbcUrl(), "postgres", superuserPassword);
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

    /** Starts the server again after {@link #stop()}, on the same port and data. */
    void startAgain() {
        pgStart();
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
