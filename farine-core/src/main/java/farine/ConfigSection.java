package farine;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;

/**
 * One section of the configuration, with {@code [DEFAULT]} and environment overrides applied.
 * Typed getters parse on every call and throw {@link ConfigException} naming section, key and value
 * when the value does not parse; the container reads what it needs at startup, so a bad value stops
 * the start, never a running service. Immutable and thread-safe.
 */
public interface ConfigSection {

    /** The section name (the service name). */
    String name();

    /** The raw value, if set in the section, in {@code [DEFAULT]} or in the environment. */
    Optional<String> get(String key);

    /** Every key that has a value here (section, {@code [DEFAULT]} and environment). */
    Set<String> keys();

    /** Where a key's value comes from: {@code "env FARINE_GREETING_DB_PORT"}, {@code "etc/farine.ini [DEFAULT]"}, or {@code "default"}. */
    String source(String key);

    /** A section whose keys are first looked up as {@code prefix.key}, then as {@code key} (per-method settings). */
    ConfigSection scoped(String prefix);

    default String string(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /** The value, or a {@link ConfigException} saying the key is required. */
    String required(String key);

    /** {@code true/false/yes/no/on/off/1/0}, case-insensitive. */
    boolean bool(String key, boolean defaultValue);

    int integer(String key, int defaultValue);

    long longValue(String key, long defaultValue);

    /**
     * A duration such as {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1.5s}; a plain number is
     * read in {@code plainUnit}, the key's documented unit.
     */
    Duration duration(String key, Duration defaultValue, ChronoUnit plainUnit);
}
