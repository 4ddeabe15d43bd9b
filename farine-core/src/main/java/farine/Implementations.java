package farine;

import java.util.ServiceLoader;

/**
 * Finds the one implementation of an interface a module's public type delegates to, with {@link ServiceLoader}
 * (through the interface's own class loader), so that the public package names no class of its {@code internal}
 * package and the two do not depend on each other in a circle (docs/architecture.md). For a module's public factory
 * (core's {@code Container.create}, {@code Config.load}; {@code Publisher.connect}, {@code RpcClients.connect}, ...),
 * not for services.
 *
 * <p>Any thread.
 */
public final class Implementations {

    private Implementations() {
    }

    /**
     * The first implementation listed in a {@code META-INF/services} file for {@code type}.
     *
     * @throws IllegalStateException naming the file when there is none (a shaded jar that dropped it, for example)
     */
    public static <T> T of(Class<T> type) {
        return ServiceLoader.load(type, type.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no implementation of " + type.getName()
                        + " on the class path: META-INF/services/" + type.getName()
                        + " is missing (a repackaged jar that dropped it?)"));
    }
}
