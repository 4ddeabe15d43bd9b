package farine.rpc.internal.client;

import farine.ConfigException;
import farine.ConfigSection;
import farine.rpc.RpcCallbacks;
import farine.rpc.RpcClients;
import farine.rpc.internal.wire.RpcToken;
import farine.rpc.internal.wire.WireSettings;
import farine.spi.Observer;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a caller reaches one remote service, read from the service's section (PROTOCOL.md §5): the same for an
 * {@code @RpcClient} in a container and for {@link RpcClients#connect(String, farine.Config)} outside one.
 *
 * @param timeout       a call's total deadline ({@code rpc_timeout}, seconds unless a unit; 30 s)
 * @param idleTimeout   the longest wait between two items of a stream ({@code rpc_stream_idle_timeout}; the timeout)
 * @param exchangeType  the service's exchange type ({@code type}; direct), declared only when the exchange is missing
 * @param deliveryMode  of the requests ({@code delivery_mode}; 1, transient)
 * @param callbacks     where asynchronous results complete ({@code rpc_callbacks}; virtual_thread)
 * @param token         the {@code rpc_token} sent for private methods, or null
 */
public record RemoteSettings(Duration timeout, Duration idleTimeout, String exchangeType, int deliveryMode, RpcCallbacks callbacks, String token) {

    public static final String RPC_TIMEOUT = "rpc_timeout";
    public static final String RPC_STREAM_IDLE_TIMEOUT = "rpc_stream_idle_timeout";
    public static final String RPC_CALLBACKS = "rpc_callbacks";
    static final Duration DEFAULT_TIMEOUT = RpcClients.DEFAULT_TIMEOUT;

    /** The section's settings; {@code timeout}, when not null, replaces {@code rpc_timeout} (an annotation's). Bad values: a {@link ConfigException}. */
    public static RemoteSettings of(ConfigSection section, Duration timeout) {
        Duration total = timeout != null ? timeout : section.duration(RPC_TIMEOUT, DEFAULT_TIMEOUT, ChronoUnit.SECONDS);
        Duration idle = section.duration(RPC_STREAM_IDLE_TIMEOUT, total, ChronoUnit.SECONDS);
        positive(section, RPC_TIMEOUT, total);
        positive(section, RPC_STREAM_IDLE_TIMEOUT, idle);
        return new RemoteSettings(total, idle, WireSettings.exchangeType(section), WireSettings.deliveryMode(section),
                callbacks(section), RpcToken.of(section));
    }

    /** The remote service these settings describe, its replies coming to {@code listener}. */
    RemoteService remote(ReplyListener listener, String service, Observer observer, String caller) {
        return new RemoteService(listener, service, exchangeType, idleTimeout, deliveryMode, callbacks, token, observer, caller);
    }

    private static void positive(ConfigSection section, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new ConfigException("[" + section.name() + "] " + key + " = " + section.string(key, "")
                    + ": must be a positive duration such as 30s or 500ms");
        }
    }

    /** INI {@code rpc_callbacks}: an {@link RpcCallbacks} name in any case, {@code virtual_thread} when unset. */
    static RpcCallbacks callbacks(ConfigSection section) {
        String value = section.string(RPC_CALLBACKS, "").strip();
        if (value.isEmpty()) {
            return RpcCallbacks.VIRTUAL_THREAD;
        }
        try {
            return RpcCallbacks.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("[" + section.name() + "] " + RPC_CALLBACKS + " = " + value + ": must be "
                    + Arrays.stream(RpcCallbacks.values()).map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(" or "))
                    + " (default " + RpcCallbacks.VIRTUAL_THREAD.name().toLowerCase(Locale.ROOT) + ")", e);
        }
    }
}
