package farine.internal;

import farine.spi.Extension;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls a lifecycle step on extensions in order; stop and kill go on past failures. */
final class Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    private Lifecycle() {
    }

    static void each(List<? extends Extension> extensions, Consumer<Extension> step) {
        for (Extension extension : extensions) {
            step.accept(extension);
        }
    }

    /** Runs the step on every extension even if some fail; failures are logged, never thrown. */
    static void quietly(List<? extends Extension> extensions, String what, Consumer<Extension> step) {
        for (Extension extension : extensions) {
            try {
                step.accept(extension);
            } catch (Throwable t) {
                LOG.warn("{} of {} failed: {}", what, extension.getClass().getName(), t.toString(), t);
            }
        }
    }
}
