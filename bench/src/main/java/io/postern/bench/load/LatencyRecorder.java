package io.postern.bench.load;

import io.postern.bench.report.Stats;
import java.util.Arrays;

/** Latencies in nanoseconds from any thread, kept whole (runs are short) for exact percentiles. */
public final class LatencyRecorder {

    private long[] values = new long[1024];
    private int count;

    public synchronized void record(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = nanos;
    }

    public synchronized int count() {
        return count;
    }

    /** The {@code p}-th percentile (0..100) in microseconds; NaN when nothing was recorded. */
    public synchronized double percentileMicros(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return Stats.sortedPercentile(sorted, p) / 1000.0;
    }
}
