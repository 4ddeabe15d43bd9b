package farine.bench;

/** Which implementation a sample was measured with. */
enum Side {
    /** The plain tutorial RPC ({@link PlainRpc}): the RPC rows' baseline. */
    PLAIN, RAW, FARINE,
    /** farine with farine-observe on ({@code metrics_port} set): its meters and health endpoint, against {@link #FARINE} without. */
    OBSERVED;

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
