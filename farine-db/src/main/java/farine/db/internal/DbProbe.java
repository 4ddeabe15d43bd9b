package farine.db.internal;

import farine.ConfigException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.postgresql.Driver;

/** One connection attempt at startup, to tell a misconfiguration (fatal) from a server that is not up yet. */
final class DbProbe {

    // invalid_authorization_specification, invalid_password, invalid_catalog_name: the server answered "no"
    private static final Set<String> REJECTED = Set.of("28000", "28P01", "3D000");
    private static final int CONNECT_TIMEOUT_SECONDS = 5;

    private DbProbe() {
    }

    /**
     * Connects once.
     *
     * @return empty when the server accepted the connection, else why it could not be reached
     * @throws ConfigException when the server rejected the user, password or database
     */
    static Optional<SQLException> check(DbSettings settings) {
        Properties props = new Properties();
        props.setProperty("user", settings.user());
        props.setProperty("password", settings.password());
        props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("socketTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS * 2));
        props.setProperty("ApplicationName", "farine-" + settings.section() + "-probe");
        try (Connection connection = new Driver().connect(settings.url(), props)) {
            return Optional.empty();
        } catch (SQLException e) {
            if (rejects(e)) {
                throw rejected(settings, e);
            }
            return Optional.of(e);
        }
    }

    /** Whether the server answered and refused the user, password or database (retrying cannot help). */
    static boolean rejects(SQLException e) {
        // Set.of(...).contains(null) throws, and a driver error need not carry a state
        return e.getSQLState() != null && REJECTED.contains(e.getSQLState());
    }

    static ConfigException rejected(DbSettings settings, SQLException e) {
        return new ConfigException("[" + settings.section() + "] " + rejection(settings, e), e);
    }

    /**
     * {@code the database server at db:5432 rejected database 'ledger' for user 'app': FATAL: password
     * authentication failed for user "app" (check ...)}: the server's text names the user or database, never
     * the password.
     */
    static String rejection(DbSettings settings, SQLException e) {
        return "the database server at " + settings.host() + ":" + settings.port() + " rejected database '"
                + settings.database() + "' for user '" + settings.user() + "': " + e.getMessage()
                + " (check db_user, db_password and db_name or db_url)";
    }
}
