package farine.db.internal;

import com.zaxxer.hikari.HikariPoolMXBean;
import farine.testing.TestDatabase;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.management.JMX;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** A schema of its own on the shared test database, dropped at close, and the INI keys that point a service at it. */
final class TestSchema implements AutoCloseable {

    private final String name = "farine_db_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    TestSchema() {
        execute("CREATE SCHEMA " + name);
    }

    String name() {
        return name;
    }

    /** db_url and db_schema, plus the given key/value pairs. */
    Map<String, String> keys(String... more) {
        Map<String, String> keys = new HashMap<>();
        keys.put("db_url", TestDatabase.jdbcUrl());
        keys.put("db_schema", name);
        for (int i = 0; i < more.length; i += 2) {
            keys.put(more[i], more[i + 1]);
        }
        return keys;
    }

    void execute(String sql) {
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    long count(String sql) {
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql.replace("$schema", name))) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The pool of a service, through the MXBean HikariCP registers. */
    static HikariPoolMXBean pool(String service) {
        try {
            return JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                    new ObjectName("com.zaxxer.hikari:type=Pool (" + DbPool.poolName(service) + ")"), HikariPoolMXBean.class);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
}
