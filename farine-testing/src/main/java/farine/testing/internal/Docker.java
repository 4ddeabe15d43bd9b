package farine.testing.internal;

/**
 * The Testcontainers step of the test lookup. Testcontainers is optional: its classes are touched only
 * after {@link #present} says they are on the classpath. Containers are removed by Testcontainers' own
 * reaper when the JVM exits.
 */
public final class Docker {

    static final String RABBITMQ_IMAGE = "rabbitmq:4-management-alpine";
    static final String POSTGRES_IMAGE = "postgres:17-alpine";

    private Docker() {
    }

    /** Starts RabbitMQ in a container; its URI with credentials and the default virtual host. */
    public static String rabbitMq() throws Unavailable {
        requireDocker("org.testcontainers.rabbitmq.RabbitMQContainer", "org.testcontainers:testcontainers-rabbitmq");
        return Containers.rabbitMq(RABBITMQ_IMAGE);
    }

    /** Starts PostgreSQL in a container; its JDBC URL with credentials. */
    public static String postgres() throws Unavailable {
        requireDocker("org.testcontainers.postgresql.PostgreSQLContainer", "org.testcontainers:testcontainers-postgresql");
        return Containers.postgres(POSTGRES_IMAGE);
    }

    private static void requireDocker(String containerClass, String artifact) throws Unavailable {
        if (!present(containerClass)) {
            throw new Unavailable(artifact + " is not on the classpath");
        }
        if (!Containers.dockerAnswers()) {
            throw new Unavailable("no Docker engine answers");
        }
    }

    static boolean present(String className) {
        try {
            Class.forName(className, false, Docker.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Links against Testcontainers: loaded only once {@link #present} said so. */
    private static final class Containers {

        static boolean dockerAnswers() {
            try {
                return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException e) {
                return false;
            }
        }

        static String rabbitMq(String image) {
            var container = new org.testcontainers.rabbitmq.RabbitMQContainer(image);
            container.start();
            return "amqp://" + container.getAdminUsername() + ":" + container.getAdminPassword() + "@" + container.getHost()
                    + ":" + container.getAmqpPort() + "/%2F";
        }

        static String postgres(String image) {
            var container = new org.testcontainers.postgresql.PostgreSQLContainer(image).withDatabaseName("test");
            container.start();
            String url = container.getJdbcUrl();
            return url + (url.contains("?") ? "&" : "?") + "user=" + container.getUsername() + "&password=" + container.getPassword();
        }
    }
}
