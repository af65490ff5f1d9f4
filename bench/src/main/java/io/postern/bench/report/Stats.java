package io.postern.bench.report;

import java.util.Arrays;

/** Order statistics of a set of numbers: medians of repetitions, percentiles of latencies. */
public final class Stats {

    private Stats() {
    }

    /**
     * The {@code p}-th percentile (0..100) of {@code values} by the nearest-rank method: the
     * smallest value such that at least {@code p}% of the values are at or below it.
     *
     * @throws IllegalArgumentException when {@code values} is empty or {@code p} is outside 0..100
     */
    public static long percentile(long[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("values: empty (expected: at least one)");
        }
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("p: " + p + " (expected: 0..100)");
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sortedPercentile(sorted, p);
    }

    /** {@link #percentile} of values already sorted in ascending order. */
    public static long sortedPercentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** The median: the middle value, or the mean of the two middle ones. */
    public static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("values: empty (expected: at least one)");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /**
     * The spread of repetitions around their median, as a fraction of it: (max - min) / 2 /
     * |median|, written as "±x%" in the report; 0 for one value or a zero median.
     */
    public static double relativeSpread(double[] values) {
        double median = median(values);
        if (values.length < 2 || median == 0) {
            return 0;
        }
        double min = Arrays.stream(values).min().orElseThrow();
        double max = Arrays.stream(values).max().orElseThrow();
        return (max - min) / 2 / Math.abs(median);
    }
}
