package farine.amqp;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what farine-amqp logs while it is open, to check log lines that are part of the contract. */
final class LogCapture implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("farine");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture() {
        appender.start();
        logger.addAppender(appender);
    }

    /** {@code LEVEL message} lines, formatted. */
    List<String> lines() {
        return List.copyOf(appender.list).stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    /** Lines at this level whose message contains the text. */
    List<String> lines(String level, String containing) {
        return lines().stream().filter(l -> l.startsWith(level + " ") && l.contains(containing)).toList();
    }

    /** Events with a stack trace attached. */
    long withStackTrace() {
        return List.copyOf(appender.list).stream().filter(e -> e.getThrowableProxy() != null).count();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
