package farine.internal;

import farine.ConfigException;
import farine.Service;
import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ScanResult;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Finds service classes by package or class name, as {@code farine --start=mymodule} does. */
public final class ServiceScanner {

    private final ClassLoader loader;
    private final Plugins plugins;

    public ServiceScanner(ClassLoader loader) {
        this.loader = loader;
        this.plugins = Plugins.load(loader);
    }

    public List<Class<?>> scan(List<String> targets) {
        Set<Class<?>> found = new LinkedHashSet<>();
        for (String target : targets) {
            List<Class<?>> classes = scanOne(target);
            if (classes.isEmpty()) {
                throw new ConfigException("no service found for --start=" + target + ": no class named " + target
                        + " and no class in package " + target + " (or below) with an entry point annotation "
                        + plugins.entrypointAnnotations().stream().map(a -> "@" + a.getSimpleName()).sorted().toList()
                        + " or @Service; searched " + describeClasspath());
            }
            found.addAll(classes);
        }
        return new ArrayList<>(found);
    }

    private List<Class<?>> scanOne(String target) {
        try {
            Class<?> single = Class.forName(target, false, loader);
            if (!isService(single)) {
                throw new ConfigException(target + " is a class but not a service: it has no entry point annotation "
                        + plugins.entrypointAnnotations().stream().map(a -> "@" + a.getSimpleName()).sorted().toList());
            }
            return List.of(single);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            // not a class name: a package
        }
        List<Class<?>> classes = new ArrayList<>();
        try (ScanResult result = new ClassGraph().overrideClassLoaders(loader)
                .acceptPackages(target).enableClassInfo().scan()) {
            for (ClassInfo info : result.getAllStandardClasses()) {
                if (info.isAbstract() || info.isInterface() || info.isInnerClass() && !info.isStatic() || info.isAnonymousInnerClass()) {
                    continue;
                }
                Class<?> type = info.loadClass(true);
                if (type != null && Modifier.isPublic(type.getModifiers()) && isService(type)) {
                    classes.add(type);
                }
            }
        }
        classes.sort((a, b) -> a.getName().compareTo(b.getName()));
        return classes;
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
