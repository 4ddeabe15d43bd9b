package farine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void aLatencyRatioPassesUpToItsBound() {
        Target target = Target.ratioAtMost(1.10);

        assertThat(target.verdict(100, 110)).isEqualTo("pass");
        assertThat(target.verdict(100, 111)).isEqualTo("FAIL");
    }

    @Test
    void aThroughputRatioPassesFromItsBound() {
        Target target = Target.ratioAtLeast(0.90);

        assertThat(target.verdict(1000, 900)).isEqualTo("pass");
        assertThat(target.verdict(1000, 899)).isEqualTo("FAIL");
    }

    @Test
    void anAbsoluteBoundLooksAtFarineOnly() {
        Target target = Target.farineBelow(1000);

        assertThat(target.verdict(5000, 999)).isEqualTo("pass");
        assertThat(target.verdict(1, 1000)).isEqualTo("FAIL");
        assertThat(target.describe()).isEqualTo("farine < 1000");
    }

    @Test
    void noVerdictWithoutAFarineFigure() {
        assertThat(Target.ratioAtLeast(0.9).verdict(1000, Double.NaN)).isEmpty();
        assertThat(Target.NONE.verdict(1, 2)).isEmpty();
    }

    @Test
    void noRatioVerdictWithoutARawFigureButAnAbsoluteOneStill() {
        // --sides farine runs farine alone (for profiling)
        assertThat(Target.ratioAtLeast(0.9).verdict(Double.NaN, 1000)).isEmpty();
        assertThat(Target.ratioAtMost(1.1).verdict(Double.NaN, 1000)).isEmpty();
        assertThat(Target.farineBelow(1000).verdict(Double.NaN, 999)).isEqualTo("pass");
    }
}
