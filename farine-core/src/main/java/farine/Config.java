package farine;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole farine configuration: INI sections, {@code [DEFAULT]} inherited by every section, and
 * environment overrides {@code FARINE_<SECTION>_<KEY>} (PROTOCOL.md §5). Immutable and thread-safe.
 *
 * <pre>{@code
 * Config config = Config.load(Path.of("etc/farine.ini"));
 * int port = config.section("greeting").integer("db_port", 5432);
 * }</pre>
 */
public interface Config {

    /** The name of the section every other section inherits from. */
    String DEFAULT_SECTION = "DEFAULT";

    /**
     * The section of a service; a missing section is not an error, it holds what {@code [DEFAULT]} and
     * the environment give.
     */
    ConfigSection section(String name);

    /** The sections the file names, in file order, without {@code DEFAULT}. */
    Set<String> sections();

    /**
     * A copy in which {@code key} has {@code value} in every section, above the file and the environment
     * (how command-line options such as {@code --wait-for-broker} apply); {@code source} is shown by
     * {@code farine config}, e.g. {@code "--wait-for-broker"}.
     */
    Config withOverride(String key, String value, String source);

    /** Where the configuration came from, for messages: a file path or {@code "(no file)"}. */
    String origin();

    /**
     * Reads an INI file the way Python's {@code RawConfigParser} does and applies the process
     * environment's overrides.
     *
     * @throws ConfigException when the file cannot be read or parsed (with the line)
     */
    static Config load(Path file) {
        return Loader.INSTANCE.load(file, System.getenv());
    }

    /** Like {@link #load(Path)} with an explicit environment (for tests and embedding). */
    static Config load(Path file, Map<String, String> env) {
        return Loader.INSTANCE.load(file, env);
    }

    /** Finds the file as the launcher does: {@code FARINE_INI}, then {@code etc/farine.ini}, then {@code /etc/farine.ini}. */
    static Optional<Path> locate(Map<String, String> env, Path workingDirectory) {
        return Loader.INSTANCE.locate(env, workingDirectory);
    }

    /**
     * A configuration from a map of sections (section name to key/value), for tests and code that does
     * not use a file; {@code "DEFAULT"} is inherited as in a file. No environment overrides.
     */
    static Config of(Map<String, Map<String, String>> sections) {
        return Loader.INSTANCE.of(sections, Map.of(), "(in memory)");
    }

    /**
     * No file, only the environment's overrides ({@code FARINE_SVC_…}): what the launcher runs with when it finds
     * no INI file. {@link #origin()} is {@code "(no file)"}.
     */
    static Config fromEnvironment(Map<String, String> env) {
        return Loader.INSTANCE.of(Map.of(), env, "(no file)");
    }

    /**
     * Every key the modules on a class path read (their {@link farine.spi.Plugin#configKeys()}, found with
     * {@link java.util.ServiceLoader} through {@code loader}), for {@code farine config} and the unknown-key warning.
     */
    static Set<String> knownKeys(ClassLoader loader) {
        return Set.copyOf(Loader.INSTANCE.knownKeys(loader));
    }

    /**
     * Reads and checks every value of {@code section} that the modules on a class path read, as a start would
     * (each {@link farine.spi.Plugin#validate}), for {@code farine config}.
     *
     * @throws ConfigException naming section, key and value on the first bad one
     */
    static void validate(ClassLoader loader, ConfigSection section) {
        Loader.INSTANCE.validate(loader, section);
    }

    /** An empty configuration: every section is empty, every key takes its default. */
    static Config empty() {
        return of(Map.of());
    }

    /**
     * The value as it may be logged: passwords, secrets and tokens become {@code ****}, and so does the
     * password part of a URI ({@code amqp://guest:****@host/}).
     */
    static String masked(String key, String value) {
        return Loader.INSTANCE.masked(key, value);
    }

    /**
     * What the static factories above delegate to: farine-core's one implementation ({@code farine.internal}), found
     * with {@link java.util.ServiceLoader} so that this package names no class of its {@code internal} package. Not
     * for implementing elsewhere.
     */
    interface Loader {

        /** The implementation, loaded once. */
        Loader INSTANCE = Implementations.of(Loader.class);

        Config load(Path file, Map<String, String> env);

        Optional<Path> locate(Map<String, String> env, Path workingDirectory);

        Config of(Map<String, Map<String, String>> sections, Map<String, String> env, String origin);

        Set<String> knownKeys(ClassLoader loader);

        void validate(ClassLoader loader, ConfigSection section);

        /** {@link Config#masked}: farine.spi.Secrets' masking, reached through the implementation so that this package names no SPI type. */
        String masked(String key, String value);
    }
}
