package farine.testing.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

/**
 * The last step of the database lookup: zonky's embedded PostgreSQL in a child process on a free port of
 * 127.0.0.1, with a throw-away data directory, stopped when the JVM exits. Optional: zonky's classes are
 * touched only after {@link #available} said they are on the classpath. As root (containers, CI) zonky
 * 2.2 itself runs the binaries through {@code unshare -U}, since PostgreSQL refuses root (wrapping them
 * once more would nest user namespaces, which the kernel refuses: "unshare failed: Operation not permitted").
 */
public final class EmbeddedDatabase {

    static final String ZONKY_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

    private EmbeddedDatabase() {
    }

    public static boolean available() {
        return Docker.present(ZONKY_CLASS);
    }

    /** Starts the server, creates {@code database}, returns its JDBC URL ({@code ?user=postgres}). */
    public static String start(String database) throws Exception {
        int port = Zonky.start();
        String admin = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
        try (Connection c = DriverManager.getConnection(admin);
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement create = c.createStatement()) {
                        create.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
                    }
                }
            }
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    /** Links against zonky: loaded only once {@link #available} said so. */
    private static final class Zonky {

        static int start() throws Exception {
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setServerConfig("listen_addresses", "127.0.0.1");
            var postgres = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (Exception e) {
                    // the JVM is exiting; zonky's own reaper removes the data directory
                }
            }, "farine-test-database-stop"));
            return postgres.getPort();
        }
    }
}
