package farine.cli;

import farine.ConfigException;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The user classpath of --classpath / FARINE_CLASSPATH: jars, folders, and {@code dir/*} for every jar in dir. */
final class UserClasspath {

    private UserClasspath() {
    }

    /**
     * The entries as URLs, in order; relative paths are resolved against {@code base}.
     *
     * @throws ConfigException naming the entry when it does not exist
     */
    static List<URL> parse(String spec, Path base) {
        List<URL> urls = new ArrayList<>();
        for (String entry : spec.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            String trimmed = entry.strip();
            if (trimmed.equals("*") || trimmed.endsWith("/*") || trimmed.endsWith(File.separator + "*")) {
                String dirPart = trimmed.substring(0, trimmed.length() - 1);
                Path dir = base.resolve(dirPart.isEmpty() ? "." : dirPart);
                jarsIn(dir, trimmed).forEach(jar -> urls.add(url(jar)));
            } else {
                Path path = base.resolve(trimmed);
                if (!Files.exists(path)) {
                    throw new ConfigException("classpath entry " + trimmed + " does not exist (resolved to " + path.normalize() + ")");
                }
                urls.add(url(path));
            }
        }
        return urls;
    }

    private static List<Path> jarsIn(Path dir, String entry) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("classpath entry " + entry + ": " + dir.normalize() + " is not a directory");
        }
        try (Stream<Path> files = Files.list(dir)) {
            // like java -cp dir/*: the jars directly in dir; sorted so that the order is stable
            return files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new ConfigException("classpath entry " + entry + ": cannot list " + dir.normalize() + ": " + e.getMessage(), e);
        }
    }

    private static URL url(Path path) {
        try {
            // a folder's URL must end with '/' for URLClassLoader to read it as a folder; toUri() does that
            return path.toAbsolutePath().normalize().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new ConfigException("classpath entry " + path + " is not a valid path: " + e.getMessage(), e);
        }
    }
}
