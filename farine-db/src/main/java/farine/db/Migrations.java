package farine.db;

import farine.Config;
import farine.Implementations;
import java.util.Collection;
import java.util.List;

/**
 * Applies versioned SQL migrations with Flyway, as {@code farine migrate --start=mymodule} does: for each
 * service class that uses the database (a {@link Db}, {@code DSLContext} or {@code Connection} parameter
 * on a method or its constructor), the files {@code V<version>__<description>.sql} found under
 * {@code db_migrations} (default {@code classpath:db/migration}, searched with the service class's class
 * loader) are applied to the database of the service's section, in version order, each once: Flyway
 * records them in the table {@code flyway_schema_history} (in {@code db_schema} if set). Services that
 * point at the same database and schema with the same locations are migrated once.
 *
 * <pre>{@code
 * List<Migrations.Result> results = Migrations.migrate(Config.load(path), Container.discover(loader, targets));
 * }</pre>
 *
 * <p>Runs on the caller's thread and blocks until done.
 */
public interface Migrations {

    /**
     * Migrates the database of every service in {@code serviceClasses} that uses one.
     *
     * @return one result per database migrated, in the order of the classes
     * @throws farine.ConfigException when a section's database settings are bad, or the server rejects the
     *     user or database (the message names host, database and user, never the password)
     * @throws farine.FarineException when the database cannot be reached or a migration fails (the message
     *     names the service, the database and the failing script; what was applied before stays applied)
     */
    static List<Result> migrate(Config config, Collection<Class<?>> serviceClasses) {
        return Implementations.of(Runner.class).migrate(config, List.copyOf(serviceClasses));
    }

    /**
     * What one migration run did.
     *
     * @param service the service whose section named the database (the first one, if several share it)
     * @param database where, e.g. {@code 127.0.0.1:5432/ledger as app}
     * @param locations where the scripts were searched
     * @param applied how many scripts this run applied (0 when up to date)
     * @param version the schema version after the run, or empty when there are no migrations
     */
    record Result(String service, String database, List<String> locations, int applied, String version) {

        public Result {
            locations = List.copyOf(locations);
        }
    }

    /**
     * What {@link #migrate} delegates to: farine-db's implementation, found with {@link java.util.ServiceLoader} (so
     * that this package names no class of {@code farine.db.internal}). Not meant to be implemented elsewhere.
     */
    interface Runner {
        /** See {@link Migrations#migrate}. */
        List<Result> migrate(Config config, List<Class<?>> serviceClasses);
    }
}
