package farine.bench;

/** What farine must reach on one row, as a ratio farine/raw in the same run or as an absolute bound. */
record Target(Kind kind, double bound) {

    enum Kind { NONE, RATIO_AT_MOST, RATIO_AT_LEAST, FARINE_BELOW, FARINE_AT_LEAST, ADDS_AT_MOST }

    static final Target NONE = new Target(Kind.NONE, 0);

    static Target ratioAtMost(double bound) {
        return new Target(Kind.RATIO_AT_MOST, bound);
    }

    static Target ratioAtLeast(double bound) {
        return new Target(Kind.RATIO_AT_LEAST, bound);
    }

    /** farine - raw at most {@code bound} (in the row's unit): what a layer in front may add, the gateway's p50. */
    static Target addsAtMost(double bound) {
        return new Target(Kind.ADDS_AT_MOST, bound);
    }

    static Target farineBelow(double bound) {
        return new Target(Kind.FARINE_BELOW, bound);
    }

    static Target farineAtLeast(double bound) {
        return new Target(Kind.FARINE_AT_LEAST, bound);
    }

    String describe() {
        return switch (kind) {
            case NONE -> "";
            case RATIO_AT_MOST -> "ratio <= " + bound;
            case RATIO_AT_LEAST -> "ratio >= " + bound;
            case FARINE_BELOW -> "farine < " + (bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound));
            case FARINE_AT_LEAST -> "farine >= " + bound;
            case ADDS_AT_MOST -> "adds <= " + (bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound));
        };
    }

    /** {@code "pass"}, {@code "FAIL"}, or {@code ""} when there is no target or a figure it needs is missing. */
    String verdict(double raw, double farine) {
        boolean absolute = kind == Kind.FARINE_BELOW || kind == Kind.FARINE_AT_LEAST;
        if (kind == Kind.NONE || Double.isNaN(farine) || (!absolute && Double.isNaN(raw))) {
            return "";
        }
        boolean pass = switch (kind) {
            case RATIO_AT_MOST -> farine / raw <= bound;
            case RATIO_AT_LEAST -> farine / raw >= bound;
            case FARINE_BELOW -> farine < bound;
            case FARINE_AT_LEAST -> farine >= bound;
            case ADDS_AT_MOST -> farine - raw <= bound;
            case NONE -> true;
        };
        return pass ? "pass" : "FAIL";
    }
}
