package farine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcessStatsTest {

    @Test
    void statsSurviveTheTripThroughTheServersStdout() {
        ProcessStats stats = new ProcessStats(104_857_600, 4_000_000, 12, 987_654_321);

        assertThat(ProcessStats.parse(stats.line() + "\n")).isEqualTo(stats);
    }

    @Test
    void thisJvmReportsAResidentSizeAHeapAndThreads() {
        ProcessStats stats = ProcessStats.ofThisJvm(false, new Allocation());

        assertThat(stats.rssBytes()).isPositive();
        assertThat(stats.heapUsedBytes()).isPositive();
        assertThat(stats.threads()).isPositive();
        assertThat(stats.allocatedBytes()).isPositive();
    }

    @Test
    void aGarbledLineIsReportedWithItsText() {
        assertThatThrownBy(() -> ProcessStats.parse("Exception in thread main"))
                .hasMessageContaining("Exception in thread main");
    }
}
