package farine.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A private virtual host on the {@link TestBroker}, so that tests may use fixed service names (an
 * example's {@code greeting}) while other builds share the broker. Created and deleted with
 * {@code rabbitmqctl} (run inside the container when the broker is one Testcontainers started); where
 * that tool cannot reach the broker (a remote {@code FARINE_TEST_AMQP_URI}),
 * the broker's own vhost is used and a line on stderr says so, so the tests still run, only less
 * isolated. Thread-safe; close it when the tests are done.
 *
 * <pre>{@code
 * static final TestVhost VHOST = TestVhost.create("farine-rpc-it");
 * Config config = Config.of(Map.of("DEFAULT", Map.of("amqp_uri", VHOST.amqpUri())));
 * }</pre>
 */
public final class TestVhost implements AutoCloseable {

    private final String vhost;
    private final String uri;

    private TestVhost(String vhost, String uri) {
        this.vhost = vhost;
        this.uri = uri;
    }

    /** A new vhost named {@code prefix-<8 random hex>}, with all permissions for the broker's user. */
    public static TestVhost create(String prefix) {
        URI base = URI.create(TestBroker.amqpUri());
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            rabbitmqctl("add_vhost", name);
            String user = base.getUserInfo() == null ? "guest" : base.getUserInfo().split(":")[0];
            rabbitmqctl("set_permissions", "-p", name, user, ".*", ".*", ".*");
        } catch (IOException e) {
            System.err.println("farine-testing: no private vhost (" + e.getMessage() + "); using " + base.getHost() + "'s own");
            return new TestVhost(null, TestBroker.amqpUri());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating vhost " + name, e);
        }
        return new TestVhost(name, base.getScheme() + "://" + base.getRawAuthority() + "/" + name);
    }

    /** The {@code amqp://} URI of the vhost, with credentials. */
    public String amqpUri() {
        return uri;
    }

    /** The vhost's name, or null when no private vhost could be made. */
    public String name() {
        return vhost;
    }

    /** Whether this is a vhost of its own (false: {@code rabbitmqctl} could not make one, the broker's own is used). */
    public boolean isPrivate() {
        return vhost != null;
    }

    /** The names of the queues in this vhost (empty when no private vhost could be made). */
    public List<String> queues() {
        if (vhost == null) {
            return List.of();
        }
        try {
            List<String> names = new ArrayList<>();
            for (String line : rabbitmqctl("list_queues", "-p", vhost, "--no-table-headers", "name").split("\n")) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
            return names;
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the queues of vhost " + vhost + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing the queues of vhost " + vhost, e);
        }
    }

    /**
     * Closes the connections to this vhost whose client properties contain {@code nameContains} (for
     * farine's own: {@code "farine-"}), as a network failure would; returns how many. Other vhosts'
     * connections are never touched.
     *
     * @throws IllegalStateException without a private vhost (closing connections on a shared vhost would hit others)
     */
    public int closeConnections(String nameContains) {
        if (vhost == null) {
            throw new IllegalStateException("no private vhost: connections are not closed on a shared one");
        }
        try {
            int closed = 0;
            for (String line : rabbitmqctl("list_connections", "--no-table-headers", "pid", "vhost", "client_properties").split("\n")) {
                String[] cols = line.split("\t");
                if (cols.length >= 3 && cols[1].equals(vhost) && cols[2].contains(nameContains)) {
                    rabbitmqctl("close_connection", cols[0], "test: simulated network failure");
                    closed++;
                }
            }
            return closed;
        } catch (IOException e) {
            throw new IllegalStateException("cannot close the connections of vhost " + vhost + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while closing the connections of vhost " + vhost, e);
        }
    }

    /**
     * The rows of a {@code rabbitmqctl} listing, one list of columns per row, for the items asked for:
     * {@code list("list_connections", "pid", "vhost", "client_properties", "recv_oct")}. Broker-wide: a listing
     * without a vhost option ({@code list_channels}) shows other vhosts' rows too, which the caller filters out (by
     * {@code vhost}, or by the pid of a connection of this vhost).
     *
     * @throws IllegalStateException without a private vhost, or if the tool fails
     */
    public List<List<String>> list(String command, String... items) {
        if (vhost == null) {
            throw new IllegalStateException("no private vhost: rabbitmqctl cannot reach the broker");
        }
        List<String> args = new ArrayList<>(List.of(command, "--no-table-headers"));
        args.addAll(List.of(items));
        try {
            List<List<String>> rows = new ArrayList<>();
            for (String line : rabbitmqctl(args.toArray(String[]::new)).split("\n")) {
                if (!line.isBlank()) {
                    rows.add(List.of(line.split("\t", -1)));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run rabbitmqctl " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running rabbitmqctl " + command, e);
        }
    }

    /**
     * Deletes the vhost with everything in it, in the background: {@code rabbitmqctl} takes seconds to
     * start, and nothing waits for the deletion (it finishes even after this JVM exits). Never throws.
     */
    @Override
    public void close() {
        if (vhost == null) {
            return;
        }
        if (TestBroker.source() == TestSource.TESTCONTAINERS) {
            return; // the container, with every vhost in it, is removed when this JVM exits
        }
        try {
            new ProcessBuilder("rabbitmqctl", "-q", "delete_vhost", vhost).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            System.err.println("farine-testing: vhost " + vhost + " not deleted: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "TestVhost[" + (vhost == null ? "(broker's own)" : vhost) + "]";
    }

    private static String rabbitmqctl(String... args) throws IOException, InterruptedException {
        if (TestBroker.source() == TestSource.TESTCONTAINERS) {
            return Docker.rabbitmqctl(args); // the local tool would reach the local node, not the container's
        }
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("rabbitmqctl not available: " + e.getMessage(), e);
        }
        // read before waiting: a full pipe would block the tool
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("rabbitmqctl " + String.join(" ", args) + " did not finish within 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException("rabbitmqctl " + String.join(" ", args) + " failed: " + out.strip());
        }
        return out;
    }
}
