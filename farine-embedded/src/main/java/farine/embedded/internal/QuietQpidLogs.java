package farine.embedded.internal;

import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Keeps Qpid's chatter (connection opened, queue created, ... at INFO) out of the application's
 * log: raises Qpid's loggers to WARN in the SLF4J backend, unless the application configured them
 * itself. SLF4J has no API for levels, so this knows Logback (the launcher's backend); with another
 * backend configure {@link #LOGGERS} there.
 */
final class QuietQpidLogs {

    /** Qpid's internals, its operational log (BRK-, CON-, CHN-... messages) and its statistics reports. */
    static final List<String> LOGGERS = List.of("org.apache.qpid", "qpid.message", "qpid.statistics");

    private static final String LOGBACK = "ch.qos.logback.classic.LoggerContext";

    private QuietQpidLogs() {
    }

    static void apply() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        // LogbackLevels links against Logback: load it only when Logback is really there
        if (factory.getClass().getName().equals(LOGBACK)) {
            LogbackLevels.raiseToWarn(factory, LOGGERS);
        }
    }
}
