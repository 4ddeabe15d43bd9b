package farine.bench;

/** Which implementation a sample was measured with. */
enum Side {
    /** The plain tutorial RPC ({@link PlainRpc}): the RPC rows' baseline. */
    PLAIN, RAW, FARINE;

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
