package farine.cli;

import farine.Config;
import farine.ConfigException;
import farine.Container;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** What the commands share: which services (--start), where their classes are, which INI file. */
final class ServiceOptions {

    static final String CLASSPATH_ENV = "FARINE_CLASSPATH";

    @Option(names = "--start", paramLabel = "TARGET",
            description = "A package (searched with its sub-packages) or a class name of service classes. Repeatable.")
    private List<String> start = new ArrayList<>();

    @Option(names = {"--classpath", "-cp"}, paramLabel = "PATH",
            description = "Where the service classes are: jars, folders and dir/* (every jar in dir), separated by "
                    + "':' (';' on Windows). Default: env FARINE_CLASSPATH.")
    private String classpath;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The INI file. Default: env FARINE_INI, else etc/farine.ini, else /etc/farine.ini; none at all is fine.")
    private Path config;

    List<String> start() {
        return List.copyOf(start);
    }

    /**
     * The configuration: --config, else the file {@link Config#locate} finds, else an empty one (every key
     * takes its default, the broker is the embedded one). Environment overrides apply in every case.
     */
    Config config(Main main) {
        return config(main, config);
    }

    /** The configuration from {@code --config FILE} when given (null: FARINE_INI, the usual places, or none). */
    static Config config(Main main, Path config) {
        Optional<Path> file = Optional.ofNullable(config).map(p -> main.workingDirectory().resolve(p))
                .or(() -> Config.locate(main.env(), main.workingDirectory()));
        if (file.isPresent()) {
            if (!Files.isRegularFile(file.get())) {
                String what = !Files.exists(file.get()) ? " does not exist" : Files.isDirectory(file.get()) ? " is a directory, not a file"
                        : " is not a regular file (a device or a pipe?)";
                throw new ConfigException("configuration file " + file.get() + what
                        + (config != null ? " (given by --config)" : " (given by FARINE_INI)"));
            }
            return Config.load(file.get(), main.env());
        }
        return Config.fromEnvironment(main.env());
    }

    /**
     * A class loader over the user classpath (child of the launcher's, so farine's own classes are shared),
     * also made the thread context class loader, where plugins and drivers are looked up.
     */
    ClassLoader loader(Main main) {
        String spec = userClasspath(main);
        List<URL> urls = UserClasspath.parse(spec, main.workingDirectory());
        ClassLoader loader = urls.isEmpty() ? Main.class.getClassLoader()
                : new URLClassLoader("farine-user", urls.toArray(URL[]::new), Main.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        return loader;
    }

    private String userClasspath(Main main) {
        return classpath != null ? classpath : main.env().getOrDefault(CLASSPATH_ENV, "");
    }

    /** The service classes of --start, from the user classpath and the launcher's own (examples included). */
    List<Class<?>> discover(Main main) {
        ClassLoader loader = loader(main);
        try {
            return Container.discover(loader, start());
        } catch (ConfigException e) {
            String spec = userClasspath(main);
            throw new ConfigException(e.getMessage() + "; user classpath: "
                    + (spec.isBlank() ? "none (give --classpath or " + CLASSPATH_ENV + ")" : spec
                            + (classpath != null ? " (--classpath)" : " (" + CLASSPATH_ENV + ")")), e);
        }
    }
}
