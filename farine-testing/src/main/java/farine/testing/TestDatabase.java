package farine.testing;

import java.util.Map;

/**
 * Finds a PostgreSQL database for tests, in this order: env {@code FARINE_TEST_JDBC_URL}; the local
 * server on 127.0.0.1:5432 (user postgres, database test, trust auth); otherwise the test fails with
 * a message saying how to provide one. Thread-safe.
 */
public final class TestDatabase {

    public static final String ENV = "FARINE_TEST_JDBC_URL";
    static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private TestDatabase() {
    }

    /** A JDBC URL with credentials as query parameters. */
    public static String jdbcUrl() {
        return Locator.DATABASE.url();
    }

    private enum Locator {
        DATABASE;

        private final String url = locate(System.getenv());

        String url() {
            return url;
        }

        private static String locate(Map<String, String> env) {
            String explicit = env.get(ENV);
            if (explicit != null && !explicit.isBlank()) {
                return explicit;
            }
            if (TestBroker.listening("127.0.0.1", 5432)) {
                return LOCAL_URL;
            }
            throw new IllegalStateException("no PostgreSQL for tests: set " + ENV
                    + "=jdbc:postgresql://host:5432/db?user=u&password=p or start one on 127.0.0.1:5432");
        }
    }
}
