package farine.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Testcontainers step of the test lookup. Testcontainers is optional: its classes are touched only
 * after {@link #present} says they are on the classpath.
 *
 * <p>The images are the official ones unless {@code FARINE_TEST_RABBITMQ_IMAGE} /
 * {@code FARINE_TEST_POSTGRES_IMAGE} (or the system properties {@code farine.test.rabbitmq.image} /
 * {@code farine.test.postgres.image}, which win) name others, accepted as compatible substitutes (the
 * images {@code bin/docker-test-env} builds from Debian's packages, a mirror's copy). Every container is
 * labelled with this JVM's host and pid and stopped by a shutdown hook of this class, not only by
 * Testcontainers' reaper (which cannot run where its image cannot be pulled); the first start in a JVM
 * removes the labelled containers of JVMs on this host that no longer run (a JVM killed mid-run).
 */
final class Docker {

    private static final Logger LOG = LoggerFactory.getLogger(Docker.class);

    static final String RABBITMQ_IMAGE_ENV = "FARINE_TEST_RABBITMQ_IMAGE";
    static final String RABBITMQ_IMAGE_PROPERTY = "farine.test.rabbitmq.image";
    static final String POSTGRES_IMAGE_ENV = "FARINE_TEST_POSTGRES_IMAGE";
    static final String POSTGRES_IMAGE_PROPERTY = "farine.test.postgres.image";
    static final String RABBITMQ_IMAGE = "rabbitmq:4-management-alpine";
    static final String POSTGRES_IMAGE = "postgres:17-alpine";
    /** On every container the test kit starts: {@code <host>/<pid>} of the JVM that owns it. */
    static final String OWNER_LABEL = "io.farine.testing.owner";
    static final java.time.Duration STARTUP_TIMEOUT = java.time.Duration.ofMinutes(4);

    private Docker() {
    }

    /** Starts RabbitMQ in a container; its URI with credentials and the default virtual host. */
    static String rabbitMq() throws Unavailable {
        requireDocker("org.testcontainers.rabbitmq.RabbitMQContainer", "org.testcontainers:testcontainers-rabbitmq");
        return RabbitMq.start(image(RABBITMQ_IMAGE_PROPERTY, RABBITMQ_IMAGE_ENV, RABBITMQ_IMAGE, System.getenv()));
    }

    /** Starts PostgreSQL in a container; its JDBC URL with credentials. */
    static String postgres() throws Unavailable {
        requireDocker("org.testcontainers.postgresql.PostgreSQLContainer", "org.testcontainers:testcontainers-postgresql");
        return Postgres.start(image(POSTGRES_IMAGE_PROPERTY, POSTGRES_IMAGE_ENV, POSTGRES_IMAGE, System.getenv()));
    }

    /**
     * Runs {@code rabbitmqctl} in the RabbitMQ container this JVM started; its standard output.
     *
     * @throws IOException when no such container runs or the command fails (with its output)
     */
    static String rabbitmqctl(String... args) throws IOException {
        return RabbitMq.rabbitmqctl(args);
    }

    /**
     * Removes the containers labelled {@link #OWNER_LABEL} by a JVM of this host that no longer runs; their
     * ids. Done by the first container start of every JVM.
     *
     * @throws Unavailable without Testcontainers or a Docker engine
     */
    static List<String> removeAbandoned() throws Unavailable {
        requireDocker("org.testcontainers.DockerClientFactory", "org.testcontainers:testcontainers");
        return Containers.removeAbandoned();
    }

    /** The image to start: the system property, else the environment variable, else the official image. */
    static String image(String property, String env, String official, Map<String, String> environment) {
        String chosen = System.getProperty(property);
        if (chosen == null || chosen.isBlank()) {
            chosen = environment.get(env);
        }
        return chosen == null || chosen.isBlank() ? official : chosen.strip();
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

    /** {@code <host>/<pid>} of this JVM, the value of {@link #OWNER_LABEL}. */
    static String owner() {
        return Owners.HOST + "/" + ProcessHandle.current().pid();
    }

    /** Whether the owner label names a JVM of this host that no longer runs. */
    static boolean abandoned(String owner) {
        int slash = owner == null ? -1 : owner.lastIndexOf('/');
        if (slash < 0 || !owner.substring(0, slash).equals(Owners.HOST)) {
            return false;
        }
        try {
            return ProcessHandle.of(Long.parseLong(owner.substring(slash + 1))).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static final class Owners {
        static final String HOST = host();

        private static String host() {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return String.valueOf(System.getenv("HOSTNAME"));
            }
        }
    }

    /**
     * Links against Testcontainers' core: loaded only once {@link #present} said so. The RabbitMQ and
     * PostgreSQL modules are linked from classes of their own, {@link RabbitMq} and {@link Postgres}: a
     * project may have one without the other (the starter has only testcontainers-rabbitmq).
     */
    private static final class Containers {

        private static final List<org.testcontainers.containers.GenericContainer<?>> STARTED = new ArrayList<>();
        private static boolean swept;

        static boolean dockerAnswers() {
            try {
                return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException e) {
                return false;
            }
        }

        static synchronized void start(String what, String image, org.testcontainers.containers.GenericContainer<?> container) {
            sweep();
            // Testcontainers' 60 s is too short for RabbitMQ's boot on a busy 2-core machine (seen: CI failed on it)
            container.withLabel(OWNER_LABEL, owner()).withStartupTimeout(STARTUP_TIMEOUT);
            long began = System.nanoTime();
            container.start();
            STARTED.add(container);
            LOG.info("Testcontainers: {} from image {} started in {} ms (container {})", what, image,
                    (System.nanoTime() - began) / 1_000_000, container.getContainerId().substring(0, 12));
        }

        /** Once per JVM: removes leftovers of dead JVMs, and stops this JVM's containers when it exits. */
        private static void sweep() {
            if (swept) {
                return;
            }
            swept = true;
            removeAbandoned();
            Runtime.getRuntime().addShutdownHook(new Thread(Containers::stopAll, "farine-test-containers-stop"));
        }

        static synchronized List<String> removeAbandoned() {
            var client = org.testcontainers.DockerClientFactory.instance().client();
            List<String> removed = new ArrayList<>();
            for (var leftover : client.listContainersCmd().withShowAll(true).withLabelFilter(List.of(OWNER_LABEL)).exec()) {
                String owner = leftover.getLabels().get(OWNER_LABEL);
                if (abandoned(owner)) {
                    try {
                        client.removeContainerCmd(leftover.getId()).withForce(true).withRemoveVolumes(true).exec();
                        removed.add(leftover.getId());
                        LOG.info("Testcontainers: removed container {} ({}) left by JVM {}, which no longer runs",
                                leftover.getId().substring(0, 12), leftover.getImage(), owner);
                    } catch (RuntimeException e) {
                        LOG.warn("Testcontainers: could not remove container {} left by {}: {}", leftover.getId(), owner, e.toString());
                    }
                }
            }
            return removed;
        }

        private static synchronized void stopAll() {
            for (var container : STARTED) {
                try {
                    container.stop();
                } catch (RuntimeException e) {
                    System.err.println("farine-testing: could not stop container " + container.getContainerId() + ": " + e);
                }
            }
            STARTED.clear();
        }
    }

    /** Links against testcontainers-rabbitmq: loaded only once {@link #present} found it. */
    private static final class RabbitMq {

        private static org.testcontainers.rabbitmq.RabbitMQContainer rabbitMq;

        static synchronized String start(String image) {
            var container = new org.testcontainers.rabbitmq.RabbitMQContainer(
                    org.testcontainers.utility.DockerImageName.parse(image).asCompatibleSubstituteFor("rabbitmq"));
            Containers.start("RabbitMQ", image, container);
            rabbitMq = container;
            return "amqp://" + container.getAdminUsername() + ":" + container.getAdminPassword() + "@" + container.getHost()
                    + ":" + container.getAmqpPort() + "/%2F";
        }

        static synchronized String rabbitmqctl(String... args) throws IOException {
            if (rabbitMq == null) {
                throw new IOException("no RabbitMQ container runs in this JVM");
            }
            String[] command = new String[args.length + 2];
            command[0] = "rabbitmqctl";
            command[1] = "-q";
            System.arraycopy(args, 0, command, 2, args.length);
            try {
                var result = rabbitMq.execInContainer(command);
                if (result.getExitCode() != 0) {
                    throw new IOException(String.join(" ", command) + " in container " + rabbitMq.getContainerId().substring(0, 12)
                            + " exited with " + result.getExitCode() + ": " + (result.getStdout() + result.getStderr()).strip());
                }
                return result.getStdout();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + String.join(" ", command), e);
            }
        }
    }

    /** Links against testcontainers-postgresql: loaded only once {@link #present} found it. */
    private static final class Postgres {

        static synchronized String start(String image) {
            var container = new org.testcontainers.postgresql.PostgreSQLContainer(
                    org.testcontainers.utility.DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                    .withDatabaseName("test");
            Containers.start("PostgreSQL", image, container);
            String url = container.getJdbcUrl();
            return url + (url.contains("?") ? "&" : "?") + "user=" + container.getUsername() + "&password=" + container.getPassword();
        }
    }
}
