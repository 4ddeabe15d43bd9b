package farine.rpc.internal;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** 32 lowercase hex characters, like a UUID without dashes (PROTOCOL.md §3), without SecureRandom's cost per call. */
final class CorrelationIds {

    private static final HexFormat HEX = HexFormat.of();

    private CorrelationIds() {
    }

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
    }
}
