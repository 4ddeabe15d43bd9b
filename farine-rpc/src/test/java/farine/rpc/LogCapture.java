package farine.rpc;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what farine logs while open, to check levels and stack traces. */
final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture() {
        this("farine");
    }

    LogCapture(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        appender.start();
        logger.addAppender(appender);
    }

    /** Events whose formatted message contains {@code text}. */
    List<ILoggingEvent> containing(String text) {
        synchronized (appender.list) {
            return appender.list.stream().filter(e -> e.getFormattedMessage().contains(text)).toList();
        }
    }

    /** Events at {@code level} or above. */
    List<ILoggingEvent> atLeast(Level level) {
        synchronized (appender.list) {
            return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(level)).toList();
        }
    }

    static boolean hasTrace(ILoggingEvent event) {
        return event.getThrowableProxy() != null;
    }

    static boolean is(ILoggingEvent event, Level level) {
        return event.getLevel() == level;
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
