package farine.rpc.internal.wire;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** 32 lowercase hex characters, like a UUID without dashes (PROTOCOL.md §3), without SecureRandom's cost per call. */
public final class CorrelationIds {

    private static final HexFormat HEX = HexFormat.of();

    private CorrelationIds() {
    }

    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
    }
}
