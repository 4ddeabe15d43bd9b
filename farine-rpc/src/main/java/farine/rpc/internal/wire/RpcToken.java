package farine.rpc.internal.wire;

import farine.ConfigSection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Private methods (docs/registry.md): a service's {@code rpc_token} (INI or environment, never code) and the
 * request header that carries it, {@value #HEADER}, an addition Python farine ignores (PROTOCOL.md §7).
 */
public final class RpcToken {

    public static final String RPC_TOKEN = "rpc_token";
    /** Methods that are private besides those marked {@code @RpcMethod(privateMethod = true)}: names, comma or space separated. */
    public static final String RPC_PRIVATE = "rpc_private";
    public static final String HEADER = "x-farine-token";

    private RpcToken() {
    }

    /** The section's token, or null when it has none. */
    public static String of(ConfigSection section) {
        String token = section.string(RPC_TOKEN, "").strip();
        return token.isEmpty() ? null : token;
    }

    public static Set<String> privateMethods(ConfigSection section) {
        return Arrays.stream(section.string(RPC_PRIVATE, "").split("[,\\s]+")).filter(s -> !s.isBlank()).collect(Collectors.toSet());
    }

    /** Whether {@code presented} (a header value: a String or the client library's LongString) is the token, in constant time. */
    public static boolean matches(String token, Object presented) {
        if (presented == null) {
            return false;
        }
        byte[] given = presented instanceof byte[] bytes ? bytes : presented.toString().getBytes(StandardCharsets.UTF_8);
        // MessageDigest.isEqual takes time independent of where the bytes differ (only of the given length)
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given);
    }
}
