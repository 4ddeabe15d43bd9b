package farine.internal;

import farine.ConfigException;
import farine.Service;
import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ScanResult;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URL;
import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** Finds service classes by package or class name, as {@code farine --start=mymodule} does. */
final class ServiceScanner {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServiceScanner.class);

    private final ClassLoader loader;
    private final Plugins plugins;
    /** Classes that look like services but cannot be one, with why; said rather than dropped without a word. */
    private final List<String> skipped = new ArrayList<>();

    public ServiceScanner(ClassLoader loader) {
        this.loader = loader;
        this.plugins = Plugins.load(loader);
    }

    public List<Class<?>> scan(List<String> targets) {
        Set<Class<?>> found = new LinkedHashSet<>();
        for (String target : targets) {
            skipped.clear();
            List<Class<?>> classes = scanOne(target);
            if (classes.isEmpty()) {
                throw new ConfigException("no service found for --start=" + target + ": "
                        + (skipped.isEmpty() ? "" : "skipped " + String.join("; ", skipped) + "; ")
                        + "no class named " + target
                        + " and no class in package " + target + " (or below) with an entry point annotation "
                        + plugins.entrypointAnnotations().stream().map(a -> "@" + a.getSimpleName()).sorted().toList()
                        + " or @Service; searched " + describeClasspath());
            }
            skipped.forEach(why -> LOG.warn("not a service: {}", why));
            found.addAll(classes);
        }
        return new ArrayList<>(found);
    }

    private List<Class<?>> scanOne(String target) {
        try {
            Class<?> single = Class.forName(target, false, loader);
            String why = whyNotAService(single);
            if (why != null) {
                throw new ConfigException(target + " is a class but not a service: " + why);
            }
            if (!isService(single)) {
                throw new ConfigException(target + " is a class but not a service: it has no entry point annotation "
                        + plugins.entrypointAnnotations().stream().map(a -> "@" + a.getSimpleName()).sorted().toList());
            }
            return List.of(single);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            // not a class name: a package
        }
        List<Class<?>> classes = new ArrayList<>();
        Set<Path> holders = holders(target);
        if (holders.isEmpty()) {
            scanWithClassGraph(target, classes);
        } else {
            // only the jars and folders that hold the package, read with the JDK: ClassGraph's set-up and its
            // opening of every jar on the classpath (the launcher has some 45) were a good part of start-up
            for (String name : classNames(holders, target)) {
                Class<?> type = load(name);
                if (type != null && !type.isInterface() && !Modifier.isAbstract(type.getModifiers())
                        && !type.isAnonymousClass() && !type.isLocalClass()) {
                    consider(type, classes);
                }
            }
        }
        classes.sort((a, b) -> a.getName().compareTo(b.getName()));
        return classes;
    }

    private void scanWithClassGraph(String target, List<Class<?>> classes) {
        try (ScanResult result = new ClassGraph().overrideClassLoaders(loader).acceptPackages(target).enableClassInfo().scan()) {
            for (ClassInfo info : result.getAllStandardClasses()) {
                if (info.isAbstract() || info.isInterface() || info.isInnerClass() && !info.isStatic() || info.isAnonymousInnerClass()) {
                    continue;
                }
                Class<?> type = info.loadClass(true);
                if (type != null) {
                    consider(type, classes);
                }
            }
        }
    }

    /** The names of the classes in the package and below, in the given jars and folders. */
    private static Set<String> classNames(Set<Path> holders, String pkg) {
        String prefix = pkg.replace('.', '/') + "/";
        Set<String> names = new TreeSet<>();
        for (Path holder : holders) {
            try {
                if (Files.isDirectory(holder)) {
                    try (Stream<Path> files = Files.walk(holder.resolve(prefix))) {
                        files.map(f -> holder.relativize(f).toString().replace(File.separatorChar, '/'))
                                .filter(ServiceScanner::isClassFile).forEach(n -> names.add(className(n)));
                    }
                } else {
                    try (JarFile jar = new JarFile(holder.toFile())) {
                        jar.stream().map(JarEntry::getName).filter(n -> n.startsWith(prefix) && isClassFile(n))
                                .forEach(n -> names.add(className(n)));
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                throw new ConfigException("cannot read " + holder + " to find the classes of package " + pkg + ": " + e.getMessage(), e);
            }
        }
        return names;
    }

    private static boolean isClassFile(String path) {
        return path.endsWith(".class") && !path.endsWith("module-info.class") && !path.endsWith("package-info.class");
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }

    /** The class, or null when it cannot be loaded (a missing optional dependency): such a class is not a service here. */
    private Class<?> load(String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /**
     * The classpath elements (jar or folder paths) with a directory entry for the package, or none when that
     * cannot be told (a jar without directory entries, a URL that is not a file): then every element is scanned.
     */
    private Set<Path> holders(String pkg) {
        String dir = pkg.replace('.', '/') + "/";
        Set<Path> holders = new HashSet<>();
        try {
            for (URL url : Collections.list(loader.getResources(dir))) {
                String text = url.toString();
                if (text.startsWith("jar:file:") && text.contains("!/")) {
                    holders.add(normalized(Path.of(URI.create(text.substring(4, text.indexOf("!/"))))));
                } else if (text.startsWith("file:") && text.endsWith("/" + dir)) {
                    holders.add(normalized(Path.of(URI.create(text.substring(0, text.length() - dir.length())))));
                } else {
                    return Set.of();
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return Set.of();
        }
        return holders;
    }

    private static Path normalized(Path path) {
        return path.toAbsolutePath().normalize();
    }

    private void consider(Class<?> type, List<Class<?>> classes) {
        String why = whyNotAService(type);
        if (why != null) {
            skipped.add(why);
        } else if (Modifier.isPublic(type.getModifiers()) && (!type.isMemberClass() || Modifier.isStatic(type.getModifiers()))
                && isService(type)) {
            classes.add(type);
        }
    }

    /**
     * Why a class with an entry point annotation on one of its own methods (of any visibility) cannot be a
     * service, or null when it can (or has no such method: then it is simply not a service).
     */
    private String whyNotAService(Class<?> type) {
        List<java.lang.reflect.Method> annotated;
        try {
            annotated = Arrays.stream(type.getDeclaredMethods()).filter(plugins::isEntrypoint).toList();
        } catch (LinkageError e) {
            return null; // a missing optional dependency: not a service here (as load() decides)
        }
        if (annotated.isEmpty() && !type.isAnnotationPresent(Service.class)) {
            return null;
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            return type.getName() + " is not public (farine creates only public classes): make it public";
        }
        if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
            return type.getName() + " is an inner class (it needs an outer instance): make it static";
        }
        if (!annotated.isEmpty() && annotated.stream().noneMatch(m -> Modifier.isPublic(m.getModifiers()))) {
            return type.getName() + "'s entry points " + annotated.stream().map(java.lang.reflect.Method::getName).sorted().toList()
                    + " are not public (farine calls only public methods): make them public";
        }
        return null;
    }

    private boolean isService(Class<?> type) {
        return type.isAnnotationPresent(Service.class) || Arrays.stream(type.getMethods()).anyMatch(plugins::isEntrypoint);
    }

    private String describeClasspath() {
        List<String> entries = new ArrayList<>();
        new ClassGraph().overrideClassLoaders(loader).getClasspathFiles()
                .forEach(f -> entries.add(f.getPath()));
        if (entries.isEmpty()) {
            return "an empty classpath (give --classpath or FARINE_CLASSPATH)";
        }
        return entries.size() + " classpath entries " + (entries.size() > 6 ? entries.subList(0, 6) + "…" : entries);
    }
}
