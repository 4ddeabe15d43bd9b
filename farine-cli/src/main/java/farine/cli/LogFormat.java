package farine.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import farine.Config;
import farine.ConfigException;
import java.util.Arrays;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * The console log's format: INI {@code log_format} in {@code [DEFAULT]}: {@code text} (one {@link LineLayout} line per
 * event, the default) or {@code json} (one JSON object per line, written by logback's own {@link JsonEncoder}:
 * {@code timestamp}, {@code level}, {@code loggerName}, {@code formattedMessage}, {@code mdc} with {@code service},
 * {@code method}, {@code correlation_id}, {@code trace_id} and {@code span_id}, {@code throwable}).
 */
enum LogFormat {
    TEXT, JSON;

    static final String LOG_FORMAT = "log_format";

    static LogFormat fromConfig(Config config) {
        var section = config.section(Config.DEFAULT_SECTION);
        String value = section.string(LOG_FORMAT, "").strip();
        if (value.isEmpty()) {
            return TEXT;
        }
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("[" + Config.DEFAULT_SECTION + "] " + LOG_FORMAT + " = \"" + value + "\": expected one of "
                    + Arrays.toString(Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toArray()) + " (from "
                    + section.source(LOG_FORMAT) + ")", e);
        }
    }

    /** Switches the launcher's console appender ({@link ConsoleLogging}'s) to JSON; text needs nothing (it is the default). */
    void apply() {
        if (this != JSON || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Appender<ILoggingEvent> appender = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(ConsoleLogging.APPENDER);
        if (appender instanceof ConsoleAppender<ILoggingEvent> console) {
            console.stop();
            console.setEncoder(encoder(context));
            console.start();
        }
    }

    static JsonEncoder encoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }
}
