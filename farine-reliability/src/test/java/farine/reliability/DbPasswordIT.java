package farine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import farine.Config;
import farine.ConfigException;
import farine.Container;
import farine.rpc.RemoteException;
import farine.rpc.RpcCaller;
import farine.rpc.RpcClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL that demands passwords (scram-sha-256, a private cluster: the shared server trusts
 * everyone). The right {@code db_password} serves queries; a wrong one fails the container's start at
 * once with host, port, database, user and the server's reason, never the password, and the launcher
 * exits with status 1.
 */
class DbPasswordIT {

    private static final String USER = "dbauth_app";
    private static final String DATABASE = "dbauth_db";
    private static final String PASSWORD = "dbauth-Right-7f3a";
    private static final String WRONG = "dbauth-Wrong-c91e";

    private static PrivatePostgres pg;

    @BeforeAll
    static void server() throws Exception {
        pg = PrivatePostgres.withPasswords("dbauth-super-2b8d");
        try (java.sql.Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        }
    }

    @AfterAll
    static void stopServer() {
        if (pg != null) {
            pg.close();
        }
    }

    private static Map<String, String> db(String password) {
        return Map.of("db_host", "127.0.0.1", "db_port", String.valueOf(pg.port()), "db_name", DATABASE,
                "db_user", USER, "db_password", password, "db_timeout", "2s");
    }

    private static Config config(String password) {
        return Config.of(Map.of("DEFAULT", Map.of("amqp_uri", PrivateRabbit.get().uri(), "connect_timeout", "30s",
                "shutdown_timeout", "5s"), "dbauth_accounts", db(password)));
    }

    @Test
    void theRightPasswordServesAQueryThroughTheInjectedConnection() {
        try (Container container = Container.create(config(PASSWORD), List.of(Accounts.class));
                RpcClients clients = RpcClients.connect(PrivateRabbit.get().uri())) {
            container.start();
            String who = clients.caller("dbauth_accounts").withTimeout(Duration.ofSeconds(20)).call(String.class, "whoami");
            assertThat(who).isEqualTo(USER + "@" + DATABASE);
        }
    }

    @Test
    void aWrongPasswordFailsTheStartAtOnceNamingEverythingButThePassword() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try {
            Container container = Container.create(config(WRONG), List.of(Accounts.class));
            long began = System.nanoTime();
            assertThatThrownBy(container::start).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("127.0.0.1:" + pg.port())
                    .hasMessageContaining("'" + DATABASE + "'")
                    .hasMessageContaining("'" + USER + "'")
                    .hasMessageContaining("password authentication failed")
                    .hasMessageNotContaining(WRONG)
                    .hasMessageNotContaining(PASSWORD)
                    .satisfies(e -> assertThat(causes(e)).noneMatch(m -> m.contains(WRONG)));
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(30));
            assertThat(container.stopped()).isCompletedExceptionally();
        } finally {
            root.detachAppender(logs);
        }
        List<String> lines = logs.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
        assertThat(lines).noneMatch(line -> line.contains(WRONG));
    }

    @Test
    void theLauncherExitsWithStatusOneAndOneLineThatKeepsThePasswordOut() throws Exception {
        Path ini = Files.createTempFile("dbauth-", ".ini");
        try {
            StringBuilder text = new StringBuilder("[DEFAULT]\namqp_uri = " + PrivateRabbit.get().uri()
                    + "\nconnect_timeout = 30s\n\n[dbauth_accounts]\n");
            db(WRONG).forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
            Files.writeString(ini, text);
            try (Child child = Child.start("dbauth-wrong-password", Accounts.class.getName(), ini)) {
                assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.output()).isEqualTo(1);
                assertThat(child.output()).contains("farine: [dbauth_accounts] the database server at 127.0.0.1:" + pg.port())
                        .contains("password authentication failed").doesNotContain(WRONG);
            }
        } finally {
            Files.deleteIfExists(ini);
        }
    }

    @Test
    void aServerDownAtTheStartThatThenRefusesThePasswordFailsInvocationsWithItsReasonNotAsUnreachable() {
        pg.stop();
        boolean up = false;
        try (Container container = Container.create(config(WRONG), List.of(Accounts.class));
                RpcClients clients = RpcClients.connect(PrivateRabbit.get().uri())) {
            container.start(); // nobody to ask at the start: the service starts, as with any database that is down
            pg.startAgain();
            up = true;
            RpcCaller accounts = clients.caller("dbauth_accounts").withTimeout(Duration.ofSeconds(20));
            assertThatThrownBy(() -> accounts.call(String.class, "whoami")).isInstanceOf(RemoteException.class)
                    .hasMessageContaining("within 2000 ms (db_timeout)")
                    .hasMessageContaining("the database server at 127.0.0.1:" + pg.port() + " rejected database '" + DATABASE
                            + "' for user '" + USER + "'")
                    .hasMessageContaining("password authentication failed")
                    .hasMessageNotContaining("unreachable")
                    .hasMessageNotContaining(WRONG);
        } finally {
            if (!up) {
                pg.startAgain();
            }
        }
    }

    private static List<String> causes(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return messages;
    }
}
