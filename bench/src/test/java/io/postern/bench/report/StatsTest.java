package io.postern.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void percentileIsTheNearestRank() {
        long[] values = {50, 10, 40, 20, 30};
        assertThat(Stats.percentile(values, 50)).isEqualTo(30);
        assertThat(Stats.percentile(values, 20)).isEqualTo(10);
        assertThat(Stats.percentile(values, 21)).isEqualTo(20);
        assertThat(Stats.percentile(values, 100)).isEqualTo(50);
        assertThat(Stats.percentile(values, 0)).isEqualTo(10);
    }

    @Test
    void ninetyNinthPercentileOfAHundredValuesIsTheSecondLargest() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[i] = i + 1;
        }
        assertThat(Stats.percentile(values, 99)).isEqualTo(99);
        assertThat(Stats.percentile(values, 50)).isEqualTo(50);
    }

    @Test
    void percentileLeavesItsInputUnsorted() {
        long[] values = {3, 1, 2};
        Stats.percentile(values, 50);
        assertThat(values).containsExactly(3, 1, 2);
    }

    @Test
    void refusesNoValuesAndPercentilesOutsideTheRange() {
        assertThatThrownBy(() -> Stats.percentile(new long[0], 50)).hasMessage("values: empty (expected: at least one)");
        assertThatThrownBy(() -> Stats.percentile(new long[] {1}, 101)).hasMessage("p: 101.0 (expected: 0..100)");
        assertThatThrownBy(() -> Stats.percentile(new long[] {1}, Double.NaN)).hasMessageStartingWith("p: NaN");
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Stats.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Stats.median(new double[] {7})).isEqualTo(7);
        assertThat(Stats.median(new double[] {9, 1, 5})).isEqualTo(5);
    }

    @Test
    void spreadIsHalfTheRangeOverTheMedian() {
        assertThat(Stats.relativeSpread(new double[] {90, 100, 110})).isCloseTo(0.10, within(1e-12));
        assertThat(Stats.relativeSpread(new double[] {100})).isZero();
        assertThat(Stats.relativeSpread(new double[] {0, 0})).isZero();
    }
}
