package farine.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects what a logger (by default {@code farine}, so every farine logger) logs while it is open, to check the log
 * lines that are part of a contract: levels, what a line says, whether it carries a stack trace, that it never shows
 * a secret. Needs Logback as the test's SLF4J binding (farine-testing names it as an optional dependency).
 *
 * <pre>{@code
 * try (LogCapture logs = new LogCapture()) {
 *     ...
 *     assertThat(logs.lines("WARN", "cannot connect")).hasSize(1);
 * }
 * }</pre>
 *
 * <p>Thread-safe: events arrive from any thread while a test reads them.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    /** Captures every {@code farine} logger. */
    public LogCapture() {
        this("farine");
    }

    /** Captures {@code loggerName} and the loggers under it ({@code com.rabbitmq}, for the client's own lines). */
    public LogCapture(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        appender.start();
        logger.addAppender(appender);
    }

    /** The events so far, oldest first. */
    public List<ILoggingEvent> events() {
        synchronized (appender) { // AppenderBase.doAppend adds under this lock
            return List.copyOf(appender.list);
        }
    }

    /** Events whose formatted message contains {@code text}. */
    public List<ILoggingEvent> containing(String text) {
        return events().stream().filter(e -> e.getFormattedMessage().contains(text)).toList();
    }

    /** Events at {@code level} or above. */
    public List<ILoggingEvent> atLeast(Level level) {
        return events().stream().filter(e -> e.getLevel().isGreaterOrEqual(level)).toList();
    }

    /** {@code LEVEL message} lines, formatted. */
    public List<String> lines() {
        return events().stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    /** {@code LEVEL message} lines at {@code level} (its name: {@code "WARN"}) whose message contains {@code containing}. */
    public List<String> lines(String level, String containing) {
        return lines().stream().filter(l -> l.startsWith(level + " ") && l.contains(containing)).toList();
    }

    /** Each line as {@code LEVEL message} followed by {@code | class: message} for each exception of its chain. */
    public List<String> linesWithCauses() {
        return events().stream().map(LogCapture::withCauses).toList();
    }

    /** {@link #linesWithCauses()} at {@code level}. */
    public List<String> linesWithCauses(Level level) {
        return linesWithCauses().stream().filter(l -> l.startsWith(level + " ")).toList();
    }

    /** How many events carry a stack trace. */
    public long withStackTrace() {
        return events().stream().filter(LogCapture::hasTrace).count();
    }

    public static boolean hasTrace(ILoggingEvent event) {
        return event.getThrowableProxy() != null;
    }

    public static boolean is(ILoggingEvent event, Level level) {
        return event.getLevel() == level;
    }

    private static String withCauses(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getLevel() + " " + event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
