package farine.bench;

import farine.spi.JsonRules;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Samples per metric and side (one per measured round), reduced to medians; prints the table and
 * writes the JSON file. Called from the benchmark's one driver thread.
 */
final class Results {

    private final Map<String, Metric> metrics = new LinkedHashMap<>();
    private final Map<String, Map<Side, List<Double>>> samples = new LinkedHashMap<>();
    private final Map<String, Object> context = new LinkedHashMap<>();

    void add(Metric metric, Side side, double value) {
        metrics.putIfAbsent(metric.id(), metric);
        samples.computeIfAbsent(metric.id(), id -> new EnumMap<>(Side.class))
                .computeIfAbsent(side, s -> new ArrayList<>())
                .add(value);
    }

    /** Adds every sample and context entry of {@code other}, its rows after these. */
    void addAll(Results other) {
        other.metrics.forEach(metrics::putIfAbsent);
        other.samples.forEach((id, bySide) -> bySide.forEach((side, values) ->
                samples.computeIfAbsent(id, k -> new EnumMap<>(Side.class)).computeIfAbsent(side, k -> new ArrayList<>()).addAll(values)));
        context.putAll(other.context);
    }

    /** Machine, versions and options, written into the JSON file and printed above the table. */
    void context(String key, Object value) {
        context.put(key, value);
    }

    double median(String metricId, Side side) {
        List<Double> values = samples.getOrDefault(metricId, Map.of()).getOrDefault(side, List.of());
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * farine / raw of each round, sorted: the two sides of a round ran next to each other, so their spread
     * shows how far one run's ratio of medians can move with the machine's noise. Empty unless both sides
     * have the same number of samples.
     */
    List<Double> roundRatios(String metricId) {
        return roundRatios(metricId, baseline(metricId));
    }

    /**
     * What a row's ratio and target compare farine with: the plain tutorial RPC where the row has it (the RPC
     * rows), else the raw side.
     */
    Side baseline(String metricId) {
        return samples.getOrDefault(metricId, Map.of()).containsKey(Side.PLAIN) ? Side.PLAIN : Side.RAW;
    }

    List<Double> roundRatios(String metricId, Side baseline) {
        return roundRatios(metricId, Side.FARINE, baseline);
    }

    /** {@code side} / {@code baseline} of each round, sorted; empty unless both have the same number of samples. */
    List<Double> roundRatios(String metricId, Side side, Side baseline) {
        Map<Side, List<Double>> bySide = samples.getOrDefault(metricId, Map.of());
        List<Double> raw = bySide.getOrDefault(baseline, List.of());
        List<Double> farine = bySide.getOrDefault(side, List.of());
        if (raw.isEmpty() || raw.size() != farine.size()) {
            return List.of();
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            ratios.add(farine.get(i) / raw.get(i));
        }
        ratios.sort(null);
        return ratios;
    }

    /**
     * The table: plain (the tutorial RPC, RPC rows only), raw (the plain client doing farine's protocol by hand),
     * farine, both ratios; {@code rounds} and the target are against the row's {@link #baseline}.
     */
    void print(PrintStream out) {
        context.forEach((k, v) -> out.println(k + ": " + v));
        String format = "%-52s %10s %10s %10s %7s %7s %-11s %-16s %-7s %10s %7s %7s %s%n";
        out.printf(format, "metric", "plain", "raw", "farine", "f/plain", "f/raw", "rounds", "target", "result", "observed", "o/raw", "o/f",
                "o/f rounds");
        for (Metric metric : metrics.values()) {
            double plain = median(metric.id(), Side.PLAIN);
            double raw = median(metric.id(), Side.RAW);
            double farine = median(metric.id(), Side.FARINE);
            double observed = median(metric.id(), Side.OBSERVED);
            double base = baseline(metric.id()) == Side.PLAIN ? plain : raw;
            out.printf(format, metric.label() + " (" + metric.unit() + ")", figure(plain), figure(raw), figure(farine),
                    ratio(farine, plain), ratio(farine, raw), spread(roundRatios(metric.id())),
                    metric.target().describe(), metric.target().verdict(base, farine),
                    figure(observed), ratio(observed, raw), ratio(observed, farine), spread(roundRatios(metric.id(), Side.OBSERVED, Side.FARINE)));
        }
    }

    private static String spread(List<Double> sorted) {
        return sorted.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f-%.2f", sorted.getFirst(), sorted.getLast());
    }

    private static String ratio(double farine, double base) {
        return Double.isNaN(base) || Double.isNaN(farine) ? "-" : String.format(Locale.ROOT, "%.2f", farine / base);
    }

    void write(Path file) {
        ObjectMapper mapper = JsonRules.MAPPER;
        ObjectNode root = mapper.createObjectNode();
        root.set("context", mapper.valueToTree(context));
        ArrayNode rows = root.putArray("rows");
        for (Metric metric : metrics.values()) {
            double plain = median(metric.id(), Side.PLAIN);
            double raw = median(metric.id(), Side.RAW);
            double farine = median(metric.id(), Side.FARINE);
            Side baseline = baseline(metric.id());
            ObjectNode row = rows.addObject();
            row.put("id", metric.id());
            row.put("metric", metric.label());
            row.put("unit", metric.unit());
            putNumber(row, "plain", plain);
            putNumber(row, "raw", raw);
            putNumber(row, "farine", farine);
            putNumber(row, "ratio", farine / raw);
            putNumber(row, "ratio_plain", farine / plain);
            double observed = median(metric.id(), Side.OBSERVED);
            putNumber(row, "observed", observed);
            putNumber(row, "ratio_observed_raw", observed / raw);
            putNumber(row, "ratio_observed_farine", observed / farine);
            row.set("round_ratios_observed_farine", mapper.valueToTree(roundRatios(metric.id(), Side.OBSERVED, Side.FARINE)));
            row.put("baseline", baseline.label());
            row.put("target", metric.target().describe());
            row.put("result", metric.target().verdict(baseline == Side.PLAIN ? plain : raw, farine));
            row.set("round_ratios", mapper.valueToTree(roundRatios(metric.id())));
            ObjectNode all = row.putObject("samples");
            samples.get(metric.id()).forEach((side, values) -> all.set(side.label(), mapper.valueToTree(values)));
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            mapper.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }

    private static void putNumber(ObjectNode row, String key, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            row.putNull(key);
        } else {
            row.put(key, value);
        }
    }

    static String figure(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
