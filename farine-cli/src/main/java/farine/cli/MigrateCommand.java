package farine.cli;

import farine.Config;
import farine.db.Migrations;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code farine migrate --start=mymodule}: applies the database migrations of the services found by --start
 * ({@link Migrations#migrate}), one line per database, then exits. Runs on the main thread.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Applies the SQL migrations (db/migration/V<version>__<name>.sql, or INI db_migrations) of every "
                + "service found by --start that uses a database, to the database of its INI section, then exits.",
            "Exit status 0 when every database is migrated (or up to date), 1 when one is not."})
final class MigrateCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    private ServiceOptions services;

    @Override
    public Integer call() {
        if (services.start().isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "Missing required option: '--start=<target>' (a package or class of service classes)");
        }
        Config config = services.config(main);
        LogLevel.apply(LogLevel.fromConfig(config));
        List<Class<?>> classes = services.discover(main);
        List<Migrations.Result> results = Migrations.migrate(config, classes);
        PrintWriter out = spec.commandLine().getOut();
        if (results.isEmpty()) {
            out.println("nothing to migrate: no service of " + String.join(", ", services.start()) + " uses a database");
        }
        for (Migrations.Result result : results) {
            out.println(describe(result));
        }
        out.flush();
        return Main.OK;
    }

    static String describe(Migrations.Result result) {
        String state = result.version().isEmpty() ? "no migrations found in " + String.join(", ", result.locations())
                : (result.applied() == 0 ? "up to date" : "applied " + result.applied() + " migration(s)")
                        + ", schema version " + result.version();
        return "migrated " + result.database() + " (service " + result.service() + "): " + state;
    }
}
