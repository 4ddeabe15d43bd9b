package farine.registry;

import farine.spi.EntrypointInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One running instance of a service, as it announces itself on {@code farine.registry}: where it runs,
 * since when, with which farine version, its entry points and its RPC methods. {@code instance} is unique
 * per container start; {@code interval} is how often it sends a heartbeat. Immutable.
 */
public record ServiceInstance(String service, String instance, String host, long pid, String version, Instant started,
        Duration interval, List<EntrypointInfo> entrypoints, List<MethodDescription> methods) {

    public ServiceInstance {
        entrypoints = List.copyOf(entrypoints);
        methods = List.copyOf(methods);
    }

    /** How long it has run at {@code now}. */
    public Duration uptime(Instant now) {
        return Duration.between(started, now);
    }
}
