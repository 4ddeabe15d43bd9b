package farine.internal;

import farine.Config;
import farine.ConfigException;
import farine.ConfigSection;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ini4j.Ini;
import org.ini4j.InvalidFileFormatException;
import org.ini4j.Profile;

/**
 * The INI file as Python's RawConfigParser reads it (PROTOCOL.md §5), with DEFAULT inheritance and
 * {@code FARINE_<SECTION>_<KEY>} environment overrides. Values are kept as strings; {@link IniSection}
 * parses them on request.
 */
final class IniConfig implements Config {

    static final String ENV_PREFIX = "FARINE_";

    private final Map<String, Map<String, String>> sections; // file order, DEFAULT included
    private final Map<String, String> env;
    private final String origin;
    private final Map<String, Lookup> overrides; // command-line options, above everything
    private final Set<String> unitWarnings = java.util.concurrent.ConcurrentHashMap.newKeySet(); // said once per key

    private IniConfig(Map<String, Map<String, String>> sections, Map<String, String> env, String origin,
            Map<String, Lookup> overrides) {
        this.sections = sections;
        this.env = env;
        this.origin = origin;
        this.overrides = overrides;
    }

    @Override
    public Config withOverride(String key, String value, String source) {
        Map<String, Lookup> copy = new LinkedHashMap<>(overrides);
        copy.put(key.toLowerCase(Locale.ROOT), new Lookup(value, source));
        return new IniConfig(sections, env, origin, Collections.unmodifiableMap(copy));
    }

    public static Config of(Map<String, Map<String, String>> sections, Map<String, String> env, String origin) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        sections.forEach((name, values) -> {
            Map<String, String> lowered = new LinkedHashMap<>();
            values.forEach((k, v) -> lowered.put(k.toLowerCase(Locale.ROOT), v));
            copy.put(name, Collections.unmodifiableMap(lowered));
        });
        return new IniConfig(Collections.unmodifiableMap(copy), Map.copyOf(env), origin, Map.of());
    }

    public static Config load(Path file, Map<String, String> env) {
        Ini ini = new Ini();
        org.ini4j.Config options = ini.getConfig();
        // what RawConfigParser does: sections keep their case, options are lower-cased, no escapes,
        // no interpolation; DEFAULT inheritance is ours (ini4j knows nothing of it)
        options.setLowerCaseSection(false);
        options.setLowerCaseOption(true);
        options.setEscape(false);
        options.setMultiOption(false);
        options.setMultiSection(false);
        options.setEmptyOption(true);
        options.setGlobalSection(false);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e, e);
        }
        rejectContinuationLines(file, text);
        try {
            ini.load(new StringReader(text));
        } catch (InvalidFileFormatException e) {
            throw new ConfigException("cannot parse " + file + ": " + e.getMessage()
                    + " (every key = value must be inside a [section])", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e, e);
        }
        // ini4j's entrySet is not in file order; its keySet is
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        for (String name : ini.keySet()) {
            Profile.Section section = ini.get(name);
            Map<String, String> values = new LinkedHashMap<>();
            for (String key : section.keySet()) {
                String value = section.get(key);
                values.put(key, value == null ? "" : value.strip());
            }
            sections.put(name, values);
        }
        return of(sections, env, file.toString());
    }

    /**
     * Python's RawConfigParser joins an indented line to the previous value; ini4j silently reads it
     * as a key of its own, so a multi-line value would be lost without a word. Refuse it instead, and a
     * line that is neither a section, a comment nor key = value, as RawConfigParser does.
     */
    private static void rejectContinuationLines(Path file, String text) {
        String[] lines = text.split("\\R", -1);
        String section = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith(";") || stripped.startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                throw new ConfigException("cannot parse " + file + " line " + (i + 1)
                        + (section == null ? "" : " in [" + section + "]") + ": an indented line continues the previous value (a multi-line value),"
                        + " which farine does not support; put the value on one line");
            }
            if (stripped.startsWith("[") && stripped.endsWith("]")) {
                section = stripped.substring(1, stripped.length() - 1);
            } else if (stripped.indexOf('=') < 0 && stripped.indexOf(':') < 0) {
                // RawConfigParser refuses it too; ini4j would read a key with an empty value, an "unknown key" later
                throw new ConfigException("cannot parse " + file + " line " + (i + 1) + (section == null ? "" : " in [" + section + "]")
                        + ": '" + stripped + "' is not key = value (each line is a [section], a key = value, or a comment"
                        + " starting with ; or #)");
            }
        }
    }

    public static Optional<Path> locate(Map<String, String> env, Path workingDirectory) {
        String fromEnv = env.get("FARINE_INI");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(Path.of(fromEnv));
        }
        Path local = workingDirectory.resolve("etc/farine.ini");
        if (Files.isRegularFile(local)) {
            return Optional.of(local);
        }
        Path system = Path.of("/etc/farine.ini");
        return Files.isRegularFile(system) ? Optional.of(system) : Optional.empty();
    }

    @Override
    public ConfigSection section(String name) {
        return new IniSection(this, name, null);
    }

    @Override
    public Set<String> sections() {
        Set<String> names = new LinkedHashSet<>(sections.keySet());
        names.remove(DEFAULT_SECTION);
        return Collections.unmodifiableSet(names);
    }

    @Override
    public String origin() {
        return origin;
    }

    /** The value and where it came from, or null. Environment beats section beats DEFAULT. */
    Lookup lookup(String section, String key) {
        Lookup override = overrides.get(key);
        if (override != null) {
            return override;
        }
        String envName = envName(section, key);
        String value = env.get(envName);
        if (value != null) {
            return new Lookup(value, "env " + envName);
        }
        Map<String, String> own = sections.get(section);
        if (own != null && own.containsKey(key)) {
            return new Lookup(own.get(key), origin + " [" + section + "]");
        }
        String defaultEnv = envName(DEFAULT_SECTION, key);
        value = env.get(defaultEnv);
        if (value != null) {
            return new Lookup(value, "env " + defaultEnv);
        }
        Map<String, String> defaults = sections.get(DEFAULT_SECTION);
        if (defaults != null && defaults.containsKey(key)) {
            return new Lookup(defaults.get(key), origin + " [" + DEFAULT_SECTION + "]");
        }
        return null;
    }

    Set<String> keys(String section) {
        Set<String> keys = new LinkedHashSet<>(overrides.keySet());
        Optional.ofNullable(sections.get(DEFAULT_SECTION)).ifPresent(m -> keys.addAll(m.keySet()));
        Optional.ofNullable(sections.get(section)).ifPresent(m -> keys.addAll(m.keySet()));
        String sectionPrefix = ENV_PREFIX + envPart(section) + "_";
        String defaultPrefix = ENV_PREFIX + DEFAULT_SECTION + "_";
        for (String name : env.keySet()) {
            if (name.startsWith(sectionPrefix)) {
                keys.add(name.substring(sectionPrefix.length()).toLowerCase(Locale.ROOT));
            } else if (name.startsWith(defaultPrefix)) {
                keys.add(name.substring(defaultPrefix.length()).toLowerCase(Locale.ROOT));
            }
        }
        return keys;
    }

    /** {@code FARINE_<SECTION>_<KEY>}, upper case, anything but letters and digits becoming {@code _}. */
    public static String envName(String section, String key) {
        return ENV_PREFIX + envPart(section) + "_" + envPart(key);
    }

    private static String envPart(String s) {
        return s.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** True the first time a bare number of this key is met, so that its unit is said once. */
    boolean firstBareNumber(String section, String key, String value) {
        return unitWarnings.add(section + " " + key + " " + value);
    }

    record Lookup(String value, String source) {
    }
}
