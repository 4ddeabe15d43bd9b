package farine.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import farine.Config;
import farine.testing.TestBroker;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A private virtual host on the test broker for this test run, so that tests can use fixed exchange
 * and queue names while other people's tests share the broker; deleted when the run ends. Also
 * closes this vhost's connections (and only those) to simulate a network failure.
 * Use with {@code @ExtendWith(Rabbit.Vhost.class)} and a {@code Rabbit} test parameter.
 */
public final class Rabbit implements AutoCloseable {

    private final String vhost;
    private final String uri;
    private final ConnectionFactory factory = new ConnectionFactory();

    private Rabbit(String vhost) throws Exception {
        this.vhost = vhost;
        URI base = URI.create(TestBroker.amqpUri());
        this.uri = base.getScheme() + "://" + base.getRawAuthority() + "/" + vhost;
        rabbitmqctl("add_vhost", vhost);
        rabbitmqctl("set_permissions", "-p", vhost, base.getUserInfo().split(":")[0], ".*", ".*", ".*");
        factory.setUri(uri);
    }

    /** {@code amqp://guest:guest@127.0.0.1:5672/<vhost>}. */
    public String uri() {
        return uri;
    }

    /** A configuration with {@code amqp_uri} for this vhost in every section, plus these sections. */
    public Config config(Map<String, Map<String, String>> sections) {
        Map<String, Map<String, String>> all = new HashMap<>(sections);
        Map<String, String> defaults = new HashMap<>(sections.getOrDefault("DEFAULT", Map.of()));
        defaults.put("amqp_uri", uri);
        defaults.putIfAbsent("retry_delay", "20ms");
        defaults.putIfAbsent("shutdown_timeout", "10s");
        all.put("DEFAULT", defaults);
        return Config.of(all);
    }

    public Config config() {
        return config(Map.of());
    }

    /** A plain RabbitMQ client connection, as a Python service or a test would have. */
    public Connection connect() throws Exception {
        return factory.newConnection("test-client");
    }

    /** Closes every farine connection on this vhost, as a network failure would; the test's own stay open. */
    public int killFarineConnections() throws Exception {
        return killFarineConnections("farine-");
    }

    /** Closes this vhost's connections whose client-provided name contains {@code name}, e.g. {@code farine-consume}. */
    public int killFarineConnections(String name) throws Exception {
        List<String> pids = new ArrayList<>();
        for (String line : rabbitmqctl("list_connections", "pid", "vhost", "client_properties").split("\n")) {
            String[] cols = line.split("\t");
            if (cols.length >= 3 && cols[1].equals(vhost) && cols[2].contains(name)) {
                pids.add(cols[0]);
            }
        }
        // all at once, as a network failure would (and rabbitmqctl takes seconds per call)
        List<java.util.concurrent.CompletableFuture<String>> closing = new ArrayList<>();
        for (String pid : pids) {
            closing.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return rabbitmqctl("close_connection", pid, "test: simulated network failure");
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }));
        }
        closing.forEach(java.util.concurrent.CompletableFuture::join);
        return pids.size();
    }

    /** The client-provided names of this vhost's farine connections ({@code farine-consume [svc]}, ...), as the broker lists them now. */
    public List<String> farineConnections() throws Exception {
        List<String> names = new ArrayList<>();
        for (String line : rabbitmqctl("list_connections", "vhost", "client_properties").split("\n")) {
            String[] cols = line.split("\t");
            java.util.regex.Matcher name = java.util.regex.Pattern.compile("farine-[a-z]+ \\[[^\\]]*\\]").matcher(cols.length >= 2 ? cols[1] : "");
            if (cols.length >= 2 && cols[0].equals(vhost) && name.find()) {
                names.add(name.group());
            }
        }
        return names;
    }

    /** Deletes the queue and the exchange of these names if they exist (between tests of one class). */
    public void delete(String... names) throws Exception {
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            for (String name : names) {
                ch.queueDelete(name);
                ch.queueDelete(name + ".dead");
                ch.exchangeDelete(name);
            }
        }
    }

    @Override
    public void close() throws Exception {
        rabbitmqctl("delete_vhost", vhost);
    }

    private static String rabbitmqctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("rabbitmqctl " + String.join(" ", args) + " did not finish within 60 s");
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("rabbitmqctl " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    /** One vhost for the whole test run (JUnit's root store closes it at the end). */
    public static final class Vhost implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Rabbit.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(Rabbit.class, k -> create(), Rabbit.class);
        }

        private static Rabbit create() {
            try {
                return new Rabbit("farine-amqp-it-" + UUID.randomUUID().toString().substring(0, 8));
            } catch (Exception e) {
                throw new IllegalStateException("cannot create a test vhost: " + e.getMessage(), e);
            }
        }
    }
}
