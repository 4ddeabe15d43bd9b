package farine.cli;

import farine.Config;
import farine.ConfigSection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys the launcher reads from {@code [DEFAULT]} only (the process has one log level, one log format, one metrics
 * port): set in a service's section they would be ignored without a word, so the launcher says so at start.
 */
final class DefaultOnlyKeys {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultOnlyKeys.class);

    static final List<String> KEYS = List.of(LogLevel.LOG_LEVEL, LogFormat.LOG_FORMAT, "metrics_port", "opentelemetry");

    private DefaultOnlyKeys() {
    }

    /** One warning per key set outside {@code [DEFAULT]}, in the file or the environment of a section the file names. */
    static List<String> misplaced(Config config) {
        List<String> messages = new ArrayList<>();
        for (String name : config.sections()) {
            ConfigSection section = config.section(name);
            for (String key : KEYS) {
                if (!section.keys().contains(key)) {
                    continue;
                }
                String source = section.source(key);
                if (source.endsWith("[" + Config.DEFAULT_SECTION + "]") || source.startsWith("env FARINE_" + Config.DEFAULT_SECTION + "_")
                        || !source.contains("[") && !source.startsWith("env ")) {
                    continue; // inherited from [DEFAULT], or a command-line override (--metrics-port), which applies everywhere
                }
                messages.add("[" + name + "] " + key + " = " + section.string(key, "") + " is ignored (from " + source + "): " + key
                        + " is read from [" + Config.DEFAULT_SECTION + "] only, one value for the whole process; move it there, or set FARINE_"
                        + Config.DEFAULT_SECTION + "_" + key.toUpperCase(Locale.ROOT));
            }
        }
        return messages;
    }

    static void warn(Config config) {
        misplaced(config).forEach(LOG::warn);
    }
}
