package farine.stream.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects every log line of the {@code farine} loggers (INFO and above) while open. */
final class LogCapture implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("farine");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture() {
        appender.start();
        logger.addAppender(appender);
    }

    /** Each line as {@code LEVEL message} followed by the messages of its exception chain. */
    List<String> lines() {
        synchronized (appender) { // AppenderBase.doAppend holds this lock
            return appender.list.stream().map(LogCapture::line).toList();
        }
    }

    List<String> lines(Level level) {
        return lines().stream().filter(l -> l.startsWith(level.toString() + " ")).toList();
    }

    private static String line(ILoggingEvent event) {
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
