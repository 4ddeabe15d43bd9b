package farine.testing;

/** Where {@link TestBroker} or {@link TestDatabase} found its server. */
public enum TestSource {
    /** The environment variable ({@code FARINE_TEST_AMQP_URI} / {@code FARINE_TEST_JDBC_URL}). */
    ENV("the environment variable"),
    /** The server on 127.0.0.1 at its standard port. */
    LOCAL("the local server"),
    /** A container started with Testcontainers (a Docker engine answered). */
    TESTCONTAINERS("Testcontainers"),
    /** An in-process or child-process server: farine-embedded's Qpid broker, zonky's PostgreSQL. */
    EMBEDDED("the embedded server");

    final String description;

    TestSource(String description) {
        this.description = description;
    }
}
