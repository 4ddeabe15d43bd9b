package farine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ResultsTest {

    private static final Metric RATE = Metric.of("x.rate", "rate", "msgs/s", Target.ratioAtLeast(0.90));

    @Test
    void theMedianOfAnOddNumberOfRoundsIsTheMiddleOne() {
        Results results = new Results();
        for (double v : new double[] {5, 1, 100, 3, 4}) {
            results.add(RATE, Side.RAW, v);
        }

        assertThat(results.median(RATE.id(), Side.RAW)).isEqualTo(4);
    }

    @Test
    void theMedianOfAnEvenNumberOfRoundsIsTheMeanOfTheMiddleTwo() {
        Results results = new Results();
        for (double v : new double[] {10, 1, 4, 2}) {
            results.add(RATE, Side.FARINE, v);
        }

        assertThat(results.median(RATE.id(), Side.FARINE)).isEqualTo(3);
    }

    @Test
    void aSideWithoutSamplesHasNoMedian() {
        Results results = new Results();
        results.add(RATE, Side.RAW, 1);

        assertThat(results.median(RATE.id(), Side.FARINE)).isNaN();
    }

    @Test
    void roundRatiosPairTheSidesRoundByRoundAndSortThem() {
        Results results = new Results();
        for (double[] round : new double[][] {{100, 90}, {200, 220}, {50, 40}}) {
            results.add(RATE, Side.RAW, round[0]);
            results.add(RATE, Side.FARINE, round[1]);
        }
        results.add(Metric.of("y", "y", "ms", Target.NONE), Side.RAW, 1);

        assertThat(results.roundRatios(RATE.id())).containsExactly(0.8, 0.9, 1.1);
        assertThat(results.roundRatios("y")).isEmpty();
    }

    @Test
    void theTableShowsTheRatioTheSpreadOfRoundsAndTheVerdict() {
        Results results = new Results();
        results.add(RATE, Side.RAW, 1000);
        results.add(RATE, Side.FARINE, 850);
        results.add(RATE, Side.RAW, 1000);
        results.add(RATE, Side.FARINE, 950);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        results.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("rate (msgs/s)").contains("0.90")
                .contains("0.85-0.95").contains("ratio >= 0.9")
                // the verdict, then the observed side's empty columns
                .containsPattern("ratio >= 0\\.9\\s+pass\\s+-");
    }

    @Test
    void theJsonFileHoldsMediansRatiosAndEverySample(@TempDir Path dir) throws Exception {
        Results results = new Results();
        results.context("cores", 2);
        results.add(RATE, Side.RAW, 100);
        results.add(RATE, Side.RAW, 300);
        results.add(RATE, Side.FARINE, 190);
        Path file = dir.resolve("sub/results.json");

        results.write(file);

        JsonNode root = JsonMapper.builder().build().readTree(Files.readString(file));
        JsonNode row = root.get("rows").get(0);
        assertThat(root.get("context").get("cores").asInt()).isEqualTo(2);
        assertThat(row.get("raw").asDouble()).isEqualTo(200);
        assertThat(row.get("ratio").asDouble()).isEqualTo(0.95);
        assertThat(row.get("result").asString()).isEqualTo("pass");
        assertThat(row.get("samples").get("raw").size()).isEqualTo(2);
    }

    @Test
    void addedResultsComeAfterTheirOwnRowsWithEverySampleAndTheirContext() {
        Metric startup = Metric.of("x.startup", "start-up", "ms");
        Results processes = new Results();
        processes.context("launcher", "bin/farine");
        processes.add(startup, Side.FARINE, 700);
        processes.add(RATE, Side.RAW, 30);
        Results results = new Results();
        results.add(RATE, Side.RAW, 10);
        results.add(RATE, Side.RAW, 20);

        results.addAll(processes);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        results.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("launcher: bin/farine");
        assertThat(table.indexOf("rate (msgs/s)")).isLessThan(table.indexOf("start-up (ms)"));
        assertThat(results.median(RATE.id(), Side.RAW)).isEqualTo(20);
        assertThat(results.median(startup.id(), Side.FARINE)).isEqualTo(700);
    }
}
