package farine.registry.internal;

import farine.spi.Extension;
import farine.spi.MethodContext;
import farine.spi.Plugin;
import farine.spi.ServiceContext;
import java.util.List;
import java.util.Set;

/** farine-registry: every service announces itself on {@code farine.registry} unless {@code registry = false}. */
public final class RegistryPlugin implements Plugin {

    @Override
    public List<Extension> serviceExtensions(ServiceContext service, List<MethodContext> methods) {
        if (!service.config().bool(Announcement.REGISTRY, true)) {
            return List.of();
        }
        return List.of(new Announcement(service, methods));
    }

    @Override
    public void validate(farine.ConfigSection section) {
        section.bool(Announcement.REGISTRY, true);
        Announcement.interval(section);
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(Announcement.REGISTRY, Announcement.REGISTRY_INTERVAL);
    }
}
