package farine.db.internal;

import farine.Config;
import farine.FarineException;
import farine.ServiceName;
import farine.db.Migrations;
import java.lang.reflect.Executable;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Migrations#migrate}: Flyway over each database the given services use. */
final class Migrator {

    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);

    private Migrator() {
    }

    static List<Migrations.Result> migrate(Config config, List<Class<?>> classes) {
        // services sharing a database, schema and script locations are migrated once
        Map<String, Target> targets = new LinkedHashMap<>();
        for (Class<?> type : classes) {
            if (!usesDatabase(type)) {
                continue;
            }
            String service = ServiceName.of(type);
            if (!config.section(service).bool("enabled", true)) {
                continue;
            }
            DbSettings settings = DbSettings.from(config.section(service));
            String key = settings.connector() + " " + settings.url() + " " + settings.user() + " " + settings.schema()
                    + " " + settings.migrations() + " " + settings.dataDirectory() + " " + settings.port();
            targets.putIfAbsent(key, new Target(service, settings, type.getClassLoader()));
        }
        List<Migrations.Result> results = new ArrayList<>();
        EmbeddedServer embedded = null;
        try {
            for (Target target : targets.values()) {
                DbSettings settings = target.settings();
                if (settings.connector() == DbSettings.Connector.EMBEDDED) {
                    if (settings.dataDirectory().isEmpty()) {
                        LOG.warn("[{}] db_connector = embedded without db_data_dir: this migration goes to a throw-away"
                                + " database (the container applies an embedded database's migrations at start anyway)",
                                target.service());
                    }
                    if (embedded == null) {
                        embedded = EmbeddedServer.start(settings);
                    }
                    settings = embedded.prepare(settings);
                }
                results.add(migrate(target.service(), settings, target.loader()));
            }
        } finally {
            if (embedded != null) {
                embedded.stop();
            }
        }
        if (targets.isEmpty()) {
            LOG.info("no service among {} uses the database; nothing to migrate", classes.stream().map(Class::getSimpleName).toList());
        }
        return results;
    }

    /**
     * For an embedded database, which starts empty: applies the service's migrations when its locations
     * exist (no locations, nothing to do and no Flyway warning about it).
     */
    static void migrateEmbedded(String service, DbSettings settings, ClassLoader loader) {
        if (settings.migrations().stream().anyMatch(location -> exists(location, loader))) {
            migrate(service, settings, loader);
        }
    }

    private static boolean exists(String location, ClassLoader loader) {
        if (location.startsWith("filesystem:")) {
            return Files.isDirectory(Path.of(location.substring("filesystem:".length())));
        }
        String path = location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
        return loader.getResource(path.startsWith("/") ? path.substring(1) : path) != null;
    }

    private static Migrations.Result migrate(String service, DbSettings settings, ClassLoader loader) {
        DbProbe.check(settings).ifPresent(e -> {
            throw new FarineException("[" + service + "] cannot migrate: database " + settings.describe()
                    + " is unreachable: " + e.getMessage(), e);
        });
        FluentConfiguration flyway = Flyway.configure(loader)
                .dataSource(settings.url(), settings.user(), settings.password())
                .locations(settings.migrations().toArray(String[]::new))
                .connectRetries(0);
        settings.schema().ifPresent(schema -> flyway.schemas(schema).defaultSchema(schema).createSchemas(true));
        try {
            Flyway configured = flyway.load();
            MigrateResult result = configured.migrate();
            // targetSchemaVersion is empty when nothing was pending: ask for the current version instead
            String version = Optional.ofNullable(configured.info().current())
                    .map(MigrationInfo::getVersion).map(Object::toString).orElse("");
            LOG.info("[{}] {}: {} migration(s) applied from {}, schema version {}", service, settings.describe(),
                    result.migrationsExecuted, settings.migrations(), version.isEmpty() ? "(none)" : version);
            result.warnings.forEach(w -> LOG.warn("[{}] flyway: {}", service, w));
            return new Migrations.Result(service, settings.describe(), settings.migrations(), result.migrationsExecuted, version);
        } catch (FlywayException e) {
            throw new FarineException("[" + service + "] migrating " + settings.describe() + " from " + settings.migrations()
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** A service that declares a database parameter on its constructor or any public method. */
    static boolean usesDatabase(Class<?> type) {
        if (!Modifier.isPublic(type.getModifiers())) {
            return false;
        }
        return Stream.concat(Arrays.stream(type.getConstructors()), Arrays.stream(type.getMethods()))
                .map(Executable::getParameterTypes)
                .flatMap(Arrays::stream)
                .anyMatch(t -> DbPlugin.kind(t).isPresent());
    }

    private record Target(String service, DbSettings settings, ClassLoader loader) {
    }
}
