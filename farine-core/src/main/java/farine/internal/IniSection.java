package farine.internal;

import farine.spi.Secrets;
import farine.ConfigException;
import farine.ConfigSection;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A section view with typed getters; {@code scope} adds per-method keys ({@code hello.concurrency}). */
final class IniSection implements ConfigSection {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IniSection.class);
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

    private final IniConfig config;
    private final String name;
    private final String scope;

    IniSection(IniConfig config, String name, String scope) {
        this.config = config;
        this.name = name;
        this.scope = scope;
    }

    @Override
    public String name() {
        return name;
    }

    private IniConfig.Lookup lookup(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (scope != null) {
            IniConfig.Lookup scoped = config.lookup(name, scope + "." + k);
            if (scoped != null) {
                return scoped;
            }
        }
        return config.lookup(name, k);
    }

    private String keyName(String rawKey) {
        String key = rawKey.toLowerCase(Locale.ROOT);
        IniConfig.Lookup scoped = scope == null ? null : config.lookup(name, scope + "." + key);
        return scoped != null ? scope + "." + key : key;
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(lookup(key)).map(IniConfig.Lookup::value);
    }

    @Override
    public Set<String> keys() {
        return new LinkedHashSet<>(config.keys(name));
    }

    @Override
    public String source(String key) {
        IniConfig.Lookup found = lookup(key);
        return found == null ? "default" : found.source();
    }

    @Override
    public ConfigSection scoped(String prefix) {
        return new IniSection(config, name, prefix.toLowerCase(Locale.ROOT));
    }

    @Override
    public String required(String key) {
        return get(key).filter(v -> !v.isBlank()).orElseThrow(() -> new ConfigException(
                "[" + name + "] " + key + " is required but not set (in " + config.origin()
                        + ", [DEFAULT] or env " + IniConfig.envName(name, key) + ")"));
    }

    @Override
    public boolean bool(String key, boolean defaultValue) {
        Optional<String> raw = get(key);
        if (raw.isEmpty() || raw.get().isBlank()) {
            return defaultValue;
        }
        return switch (raw.get().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw bad(key, raw.get(), "a boolean (true/false, yes/no, on/off, 1/0)");
        };
    }

    @Override
    public int integer(String key, int defaultValue) {
        long value = longValue(key, defaultValue);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw bad(key, get(key).orElse(""), "an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    @Override
    public long longValue(String key, long defaultValue) {
        Optional<String> raw = get(key);
        if (raw.isEmpty() || raw.get().isBlank()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(raw.get().trim());
        } catch (NumberFormatException e) {
            throw bad(key, raw.get(), "an integer");
        }
    }

    @Override
    public Duration duration(String key, Duration defaultValue, ChronoUnit plainUnit) {
        Optional<String> raw = get(key);
        if (raw.isEmpty() || raw.get().isBlank()) {
            return defaultValue;
        }
        Matcher m = DURATION.matcher(raw.get().trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw bad(key, raw.get(), "a duration such as 500ms, 5s, 2m or 1h (a plain number is in "
                    + plainUnit.toString().toLowerCase(Locale.ROOT) + ")");
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        if (m.group(2) == null && amount.signum() != 0 && config.firstBareNumber(name, keyName(key), raw.get())) {
            // bare numbers mean seconds for some keys (as in Python farine) and milliseconds for others
            String unit = plainUnit == ChronoUnit.MILLIS ? "ms" : plainUnit == ChronoUnit.SECONDS ? "s" : plainUnit.toString().toLowerCase(Locale.ROOT);
            LOG.warn("[{}] {} = {} has no unit: read as {} {}; write {}{} to say so", name, keyName(key), raw.get().trim(),
                    raw.get().trim(), unit, raw.get().trim(), unit);
        }
        ChronoUnit unit = m.group(2) == null ? plainUnit : switch (m.group(2)) {
            case "ms" -> ChronoUnit.MILLIS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            case "h" -> ChronoUnit.HOURS;
            default -> ChronoUnit.DAYS;
        };
        BigDecimal nanos = amount.multiply(BigDecimal.valueOf(unit.getDuration().toNanos()));
        try {
            return Duration.ofNanos(nanos.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException e) {
            throw bad(key, raw.get(), "a duration of at most " + Long.MAX_VALUE / 1_000_000_000L / 86_400 + " days");
        }
    }

    private ConfigException bad(String key, String value, String expected) {
        String shown = Secrets.mask(key, value);
        IniConfig.Lookup found = lookup(key);
        String where = found == null ? "" : " (from " + found.source() + ")";
        return new ConfigException("[" + name + "] " + keyName(key) + " = \"" + shown + "\": expected " + expected + where);
    }
}
