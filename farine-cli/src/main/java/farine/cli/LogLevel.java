package farine.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import farine.Config;
import farine.ConfigException;
import java.util.Arrays;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The root log level: --log-level, else INI {@code log_level} in {@code [DEFAULT]}, else INFO. */
enum LogLevel {
    TRACE, DEBUG, INFO, WARN, ERROR;

    static final String LOG_LEVEL = "log_level";

    static LogLevel parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** INI {@code log_level} ({@code [DEFAULT]} or env {@code FARINE_DEFAULT_LOG_LEVEL}), INFO when unset. */
    static LogLevel fromConfig(Config config) {
        var section = config.section(Config.DEFAULT_SECTION);
        String value = section.string(LOG_LEVEL, "").strip();
        if (value.isEmpty()) {
            return INFO;
        }
        LogLevel level = parse(value);
        if (level == null) {
            throw new ConfigException("[" + Config.DEFAULT_SECTION + "] " + LOG_LEVEL + " = \"" + value + "\": expected one of "
                    + Arrays.toString(values()) + " (from " + section.source(LOG_LEVEL) + ")");
        }
        return level;
    }

    /** Sets logback's root logger; the loggers logback.xml pins (Qpid's) keep their own level. */
    static void apply(LogLevel level) {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.toLevel(level.name()));
        }
    }

    static final class Converter implements ITypeConverter<LogLevel> {
        @Override
        public LogLevel convert(String value) {
            LogLevel level = parse(value);
            if (level == null) {
                throw new TypeConversionException("'" + value + "' is not a log level; expected one of " + Arrays.toString(values()));
            }
            return level;
        }
    }
}
