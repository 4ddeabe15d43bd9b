package farine.bench;

/** Which implementation a sample was measured with. */
enum Side {
    RAW, FARINE;

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
