package farine.db.internal;

import farine.testing.TestBroker;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A virtual host of its own on the shared test broker, so that fixed exchange and queue names cannot collide
 * with anyone else's; deleted (with everything in it) at close. Needs {@code rabbitmqctl} on the test host.
 */
final class PrivateVhost implements AutoCloseable {

    private final String name = "farine-db-" + UUID.randomUUID().toString().substring(0, 8);
    private final String uri;

    PrivateVhost() {
        URI base = URI.create(TestBroker.amqpUri());
        uri = base.getScheme() + "://" + base.getRawAuthority() + "/" + name;
        rabbitmqctl("add_vhost", name);
        rabbitmqctl("set_permissions", "-p", name, base.getUserInfo().split(":")[0], ".*", ".*", ".*");
    }

    /** {@code amqp://user:pass@host:port/<vhost>}. */
    String uri() {
        return uri;
    }

    @Override
    public void close() {
        rabbitmqctl("delete_vhost", name);
    }

    private static void rabbitmqctl(String... args) {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run rabbitmqctl (needed for a private vhost): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running rabbitmqctl", e);
        }
    }
}
