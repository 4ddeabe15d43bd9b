package farine.embedded.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import org.slf4j.ILoggerFactory;

/** The Logback side of {@link QuietQpidLogs}; only loaded when Logback is the SLF4J backend. */
final class LogbackLevels {

    private LogbackLevels() {
    }

    /** Sets WARN on each logger that has no level of its own (an explicit level in logback.xml wins). */
    static void raiseToWarn(ILoggerFactory factory, List<String> names) {
        LoggerContext context = (LoggerContext) factory;
        for (String name : names) {
            ch.qos.logback.classic.Logger logger = context.getLogger(name);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARN);
            }
        }
    }
}
