package farine.db.internal;

import farine.ConfigException;
import farine.Service;
import farine.db.Db;
import farine.db.Transactional;
import farine.spi.DependencyProvider;
import farine.spi.Plugin;
import farine.spi.ServiceContext;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.sql.Connection;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;

/** farine-db: injects a pooled connection ({@code DSLContext}, {@code Connection} or {@link Db}) per invocation. */
public final class DbPlugin implements Plugin {

    static {
        // before any jOOQ class that prints its banner loads (the first query); a user's own setting wins
        quietJooq();
    }

    static void quietJooq() {
        for (String property : new String[] {"org.jooq.no-logo", "org.jooq.no-tips"}) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, "true");
            }
        }
    }

    @Override
    public Optional<DependencyProvider> dependency(ServiceContext service, Parameter parameter) {
        Optional<DbProvider.Kind> kind = kind(parameter.getType());
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        boolean transactional = false;
        if (parameter.getDeclaringExecutable() instanceof Method method) {
            transactional = method.isAnnotationPresent(Transactional.class)
                    || service.config().scoped(method.getName()).bool(DbSettings.TRANSACTION, false);
        } else if (isSingleton(service.type())) {
            throw new ConfigException("cannot inject constructor parameter '" + parameter.getName() + "' ("
                    + parameter.getType().getSimpleName() + ") of singleton service " + service.type().getName()
                    + ": it would hold one database connection for the service's whole life; declare it as a"
                    + " parameter of the methods that use the database");
        } else {
            transactional = service.config().bool(DbSettings.TRANSACTION, false);
        }
        DbPool pool = service.shared(DbPools.class, DbPools::new).forService(service);
        return Optional.of(new DbProvider(pool, kind.get(), transactional));
    }

    static Optional<DbProvider.Kind> kind(Class<?> type) {
        if (type == DSLContext.class) {
            return Optional.of(DbProvider.Kind.DSL);
        }
        if (type == Connection.class) {
            return Optional.of(DbProvider.Kind.CONNECTION);
        }
        if (type == Db.class) {
            return Optional.of(DbProvider.Kind.DB);
        }
        return Optional.empty();
    }

    private static boolean isSingleton(Class<?> type) {
        Service annotation = type.getAnnotation(Service.class);
        return annotation != null && annotation.singleton();
    }

    /** Every database key's value; db_name is not required here (a service that uses no database needs none). */
    @Override
    public void validate(farine.ConfigSection section) {
        DbSettings.from(section, true);
        section.bool(DbSettings.TRANSACTION, false);
        if (!DbSettings.unconfigured(section) && DbSettings.connector(section) == DbSettings.Connector.EMBEDDED && !EmbeddedServer.available()) {
            throw new farine.ConfigException(EmbeddedServer.missing(section.name()));
        }
    }

    @Override
    public Set<String> configKeys() {
        return DbSettings.KEYS;
    }
}
