package farine.internal;

import farine.Config;
import farine.ConfigSection;
import farine.Container;
import farine.spi.Containers;
import farine.spi.Observer;
import farine.spi.Secrets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the static factories of {@link Container}, {@link Containers} and {@link Config} delegate to; listed in
 * {@code META-INF/services} for the three.
 */
public final class CoreFactory implements Container.Factory, Containers.Factory, Config.Loader {

    @Override
    public Container create(Config config, List<Class<?>> serviceClasses) {
        return ServiceContainer.create(config, serviceClasses, null);
    }

    @Override
    public Container create(Config config, List<Class<?>> serviceClasses, Observer observer) {
        return ServiceContainer.create(config, serviceClasses, observer);
    }

    @Override
    public List<Class<?>> discover(ClassLoader loader, List<String> targets) {
        return new ServiceScanner(loader).scan(targets);
    }

    @Override
    public Config load(Path file, Map<String, String> env) {
        return IniConfig.load(file, env);
    }

    @Override
    public Optional<Path> locate(Map<String, String> env, Path workingDirectory) {
        return IniConfig.locate(env, workingDirectory);
    }

    @Override
    public Config of(Map<String, Map<String, String>> sections, Map<String, String> env, String origin) {
        return IniConfig.of(sections, env, origin);
    }

    @Override
    public Set<String> knownKeys(ClassLoader loader) {
        return Plugins.load(loader).configKeys();
    }

    @Override
    public void validate(ClassLoader loader, ConfigSection section) {
        Plugins.load(loader).validate(section);
    }

    @Override
    public String masked(String key, String value) {
        return Secrets.mask(key, value);
    }
}
