package farine.archtests;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The boundary rules, each a function of a set of classes that returns its violations as sorted, stable lines


 *
 * <p>A module is named by its package: {@code farine}, {@code farine.internal} and {@code farine.spi} are core;
 * {@code farine.X} and everything under it is module X; {@code examples..} is the examples module.
 */
final class Boundaries {
    static final String INTERNAL_REACH = "internal-reach";
    static final String CYCLE = "cycle";
    static final String CORE_TRANSPORT = "core-transport";
    static final String PUBLIC_INTERNAL = "public-internal";

    /** The packages of a transport: core (the service model, the container, config) may import none of them. */
    static final List<String> TRANSPORT_PACKAGES = List.of("com.rabbitmq.", "farine.amqp.", "farine.rpc.", "farine.embedded.");
    /** Words naming a transport in a type's simple name: core declares no such type (an SPI returning an amqp:// URI). */
    static final Pattern TRANSPORT_NAME = Pattern.compile("(?i).*(amqp|rabbit|qpid|broker).*");

    private Boundaries() {}

    /** Every rule's violations, each line prefixed with the rule's name. */
    static SortedSet<String> all(JavaClasses classes) {
        SortedSet<String> all = new TreeSet<>();
        internalReach(classes).forEach(v -> all.add(INTERNAL_REACH + ": " + v));
        cycles(classes).forEach(v -> all.add(CYCLE + ": " + v));
        coreTransport(classes).forEach(v -> all.add(CORE_TRANSPORT + ": " + v));
        coreTransportNames(classes).forEach(v -> all.add(CORE_TRANSPORT + ": " + v));
        publicInternal(classes).forEach(v -> all.add(PUBLIC_INTERNAL + ": " + v));
        return all;
    }

    /** {@code origin -> target} for each class that uses a class in another module's {@code internal} package. */
    static SortedSet<String> internalReach(JavaClasses classes) {
        SortedSet<String> found = new TreeSet<>();
        for (JavaClass origin : classes) {
            Optional<String> from = module(origin.getPackageName());
            if (from.isEmpty()) continue;
            for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass().getBaseComponentType();
                Optional<String> to = module(target.getPackageName());
                if (to.isPresent() && !to.equals(from) && isInternal(target.getPackageName())) {
                    found.add(topLevel(origin) + " -> " + topLevel(target));
                }
            }
        }
        return found;
    }

    /** Each set of farine packages that depend on each other in a circle, as {@code a <-> b <-> c} (sorted). */
    static SortedSet<String> cycles(JavaClasses classes) {
        Map<String, Set<String>> edges = new TreeMap<>();
        for (JavaClass origin : classes) {
            String from = origin.getPackageName();
            if (module(from).isEmpty()) continue;
            Set<String> out = edges.computeIfAbsent(from, k -> new TreeSet<>());
            for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                String to = d.getTargetClass().getBaseComponentType().getPackageName();
                if (!to.equals(from) && module(to).isPresent()) {
                    out.add(to);
                    edges.computeIfAbsent(to, k -> new TreeSet<>());
                }
            }
        }
        SortedSet<String> found = new TreeSet<>();
        for (Set<String> component : new Tarjan(edges).components()) {
            if (component.size() > 1) found.add(String.join(" <-> ", new TreeSet<>(component)));
        }
        return found;
    }

    /** {@code origin -> target} for each core class that uses a transport's type (AMQP client, farine-amqp, ...). */
    static SortedSet<String> coreTransport(JavaClasses classes) {
        SortedSet<String> found = new TreeSet<>();
        for (JavaClass origin : classes) {
            if (!module(origin.getPackageName()).equals(Optional.of("core"))) continue;
            for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getBaseComponentType().getName();
                if (TRANSPORT_PACKAGES.stream().anyMatch(target::startsWith)) {
                    found.add(topLevel(origin) + " -> " + topLevel(d.getTargetClass().getBaseComponentType()));
                }
            }
        }
        return found;
    }

    /**
     * {@code type names a transport} for each core type (nested ones too) whose simple name names one ({@link
     * #TRANSPORT_NAME}): a type can know a transport without using its classes, as an embedded broker's SPI that
     * returns an {@code amqp://} URI did; it belongs to the transport's module.
     */
    static SortedSet<String> coreTransportNames(JavaClasses classes) {
        SortedSet<String> found = new TreeSet<>();
        for (JavaClass c : classes) {
            if (module(c.getPackageName()).equals(Optional.of("core")) && TRANSPORT_NAME.matcher(c.getSimpleName()).matches()) {
                found.add(c.getName() + " names a transport");
            }
        }
        return found;
    }

    /**
     * Each public top-level class in an {@code internal} package that is public for no reason, or used where it must
     * not be: public means "used from another package of the same module" (a module's {@code internal} is split by
     * concept into sibling packages, docs/architecture.md) or "named by a {@code META-INF/services} file"; a class of
     * another module uses it never. One line per offence:
     * {@code farine.x.internal.Foo used by module y} or {@code farine.x.internal.Foo public but used only in its package}.
     */
    static SortedSet<String> publicInternal(JavaClasses classes) {
        // the packages each top-level class is used from (nested classes folded into their top-level class)
        Map<String, Set<String>> usedFrom = new HashMap<>();
        for (JavaClass origin : classes) {
            for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                String target = topLevel(d.getTargetClass().getBaseComponentType());
                usedFrom.computeIfAbsent(target, k -> new TreeSet<>()).add(origin.getPackageName());
            }
        }
        SortedSet<String> found = new TreeSet<>();
        for (JavaClass c : classes) {
            if (c.isNestedClass() || !c.getModifiers().contains(JavaModifier.PUBLIC)) continue;
            Optional<String> own = module(c.getPackageName());
            if (own.isEmpty() || !isInternal(c.getPackageName())) continue;
            Set<String> from = usedFrom.getOrDefault(c.getName(), Set.of());
            boolean usedElsewhere = false;
            for (String pkg : from) {
                Optional<String> user = module(pkg);
                if (user.isPresent() && !user.equals(own)) {
                    found.add(c.getName() + " used by module " + user.get());
                }
                usedElsewhere |= !pkg.equals(c.getPackageName());
            }
            if (!usedElsewhere && !namedAsService(c) && !onlyConstants(c)) {
                found.add(c.getName() + " public but used only in its package");
            }
        }
        return found;
    }

    /**
     * A holder of constants (no methods, only static final String or primitive fields): javac copies such constants
     * into the classes that use them, so their uses leave no trace in the bytecode this test reads.
     */
    private static boolean onlyConstants(JavaClass c) {
        return c.getMethods().isEmpty() && !c.getFields().isEmpty() && c.getFields().stream().allMatch(f ->
                f.getModifiers().containsAll(Set.of(JavaModifier.STATIC, JavaModifier.FINAL))
                        && (f.getRawType().isPrimitive() || f.getRawType().getName().equals("java.lang.String")));
    }

    static Optional<String> module(String packageName) {
        if (packageName.equals("examples") || packageName.startsWith("examples.")) return Optional.of("examples");
        if (packageName.equals("farine")) return Optional.of("core");
        if (!packageName.startsWith("farine.")) return Optional.empty();
        String second = packageName.split("\\.")[1];
        return Optional.of(second.equals("internal") || second.equals("spi") ? "core" : second);
    }

    static boolean isInternal(String packageName) {
        return List.of(packageName.split("\\.")).contains("internal");
    }

    private static String topLevel(JavaClass c) {
        String name = c.getName();
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }

    private static boolean namedAsService(JavaClass c) {
        List<JavaClass> supertypes = new ArrayList<>(c.getAllRawInterfaces());
        supertypes.addAll(c.getAllRawSuperclasses());
        ClassLoader loader = Boundaries.class.getClassLoader();
        for (JavaClass type : supertypes) {
            try {
                Enumeration<URL> files = loader.getResources("META-INF/services/" + type.getName());
                while (files.hasMoreElements()) {
                    try (InputStream in = files.nextElement().openStream()) {
                        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        for (String line : text.split("\n")) {
                            String entry = line.replaceAll("#.*", "").strip();
                            if (entry.equals(c.getName())) return true;
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading META-INF/services/" + type.getName(), e);
            }
        }
        return false;
    }

    /** Strongly connected components of a small directed graph (Tarjan; recursive, the graph has a few dozen packages). */
    private static final class Tarjan {
        private final Map<String, Set<String>> edges;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<Set<String>> components = new ArrayList<>();
        private int next;

        Tarjan(Map<String, Set<String>> edges) {
            this.edges = edges;
        }

        List<Set<String>> components() {
            for (String node : edges.keySet()) {
                if (!index.containsKey(node)) visit(node);
            }
            return components;
        }

        private void visit(String node) {
            index.put(node, next);
            low.put(node, next);
            next++;
            stack.push(node);
            onStack.add(node);
            for (String to : edges.getOrDefault(node, Set.of())) {
                if (!index.containsKey(to)) {
                    visit(to);
                    low.put(node, Math.min(low.get(node), low.get(to)));
                } else if (onStack.contains(to)) {
                    low.put(node, Math.min(low.get(node), index.get(to)));
                }
            }
            if (low.get(node).equals(index.get(node))) {
                Set<String> component = new TreeSet<>();
                String member;
                do {
                    member = stack.pop();
                    onStack.remove(member);
                    component.add(member);
                } while (!member.equals(node));
                components.add(component);
            }
        }
    }
}
