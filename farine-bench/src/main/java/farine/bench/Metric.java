package farine.bench;

/** One row of the results table. {@code unit} is printed after the figures, e.g. {@code calls/s}, {@code ms}. */
record Metric(String id, String label, String unit, Target target) {

    static Metric of(String id, String label, String unit) {
        return new Metric(id, label, unit, Target.NONE);
    }

    static Metric of(String id, String label, String unit, Target target) {
        return new Metric(id, label, unit, target);
    }
}
