package farine.db.internal;

import farine.Config;
import farine.db.Migrations;
import java.util.List;

/** farine-db's {@link Migrations.Runner}; public for {@link java.util.ServiceLoader} only. */
public final class MigrationRunner implements Migrations.Runner {

    @Override
    public List<Migrations.Result> migrate(Config config, List<Class<?>> serviceClasses) {
        return Migrator.migrate(config, serviceClasses);
    }
}
