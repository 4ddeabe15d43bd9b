package farine.registry;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The instances a {@link Registry} knew at {@code taken}, sorted by service then start time. Immutable. */
public record RegistrySnapshot(Instant taken, List<ServiceInstance> instances) {

    public RegistrySnapshot {
        instances = instances.stream()
                .sorted(Comparator.comparing(ServiceInstance::service).thenComparing(ServiceInstance::started)
                        .thenComparing(ServiceInstance::instance))
                .toList();
    }

    /** The names of the services with at least one instance, sorted. */
    public List<String> services() {
        return instances.stream().map(ServiceInstance::service).distinct().toList();
    }

    /** The instances of one service, oldest first (empty when it is not running). */
    public List<ServiceInstance> instances(String service) {
        return instances.stream().filter(i -> i.service().equals(service)).toList();
    }

    /** The methods of a service as its most recently started instance describes them. */
    public Optional<List<MethodDescription>> methods(String service) {
        List<ServiceInstance> running = instances(service);
        return running.isEmpty() ? Optional.empty() : Optional.of(running.getLast().methods());
    }
}
