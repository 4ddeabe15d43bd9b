package farine.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/**
 * The launcher's logging, set up in code (found by logback through {@code META-INF/services}): one line per
 * event on stdout in the {@link LineLayout} format, root at INFO (then {@code --log-level} / INI
 * {@code log_level}), the embedded broker (Qpid) at WARN, the AMQP client's TLS failure line off. Code rather than a logback.xml because parsing the
 * XML cost about a quarter of the launcher's start-up (see docs/cli.md).
 *
 * <p>Given {@code -Dlogback.configurationFile=FILE} (e.g. through {@code FARINE_JAVA_OPTS}), logback reads that
 * file instead. Called once, by logback, on the thread that first asks for a logger.
 */
public final class ConsoleLogging extends ContextAwareBase implements Configurator {

    static final String CONFIGURATION_FILE = "logback.configurationFile";
    static final String APPENDER = "STDOUT";

    /** The logger of jOOQ's dialect version check (DefaultExecuteContext.logVersionSupport). */
    static final String JOOQ_VERSION_SUPPORT = "org.jooq.impl.DefaultExecuteContext.logVersionSupport";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(CONFIGURATION_FILE) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LineLayout layout = new LineLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setEncoder(encoder);
        appender.start();

        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        // the embedded broker (Qpid Broker-J) is chatty below WARN
        context.getLogger("org.apache.qpid").setLevel(Level.WARN);
        context.getLogger("qpid.message").setLevel(Level.WARN);
        // its only line is "TLS connection failed: ...", at ERROR on every attempt; farine reports the failure itself
        // (the start fails naming host, port and the certificate problem; recovery logs "still cannot reach")
        context.getLogger("com.rabbitmq.client.impl.SocketFrameHandler").setLevel(Level.OFF);
        // farine-db configures jOOQ's unversioned POSTGRES dialect, whose first query warns "Version mismatch" against
        // any PostgreSQL older than the newest jOOQ knows: a choice farine made, not something a user can act on
        context.getLogger(JOOQ_VERSION_SUPPORT).setLevel(Level.ERROR);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
