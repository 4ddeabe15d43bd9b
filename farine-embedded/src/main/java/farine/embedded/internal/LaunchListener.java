package farine.embedded.internal;

import java.util.Optional;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.SystemConfig;

/**
 * Captures what {@link org.apache.qpid.server.SystemLauncher#startup} does not return: the
 * resolved system configuration (to read the bound port) and a startup failure, which Qpid logs
 * and reports here instead of throwing. Called on the starting thread and Qpid's config thread.
 */
final class LaunchListener extends SystemLauncherListener.DefaultSystemLauncherListener {

    private volatile SystemConfig<?> systemConfig;
    private volatile RuntimeException failure;

    @Override
    public void onContainerResolve(SystemConfig<?> resolved) {
        systemConfig = resolved;
    }

    @Override
    public void errorOnStartup(RuntimeException e) {
        failure = e;
    }

    SystemConfig<?> systemConfig() {
        return systemConfig;
    }

    Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }
}
