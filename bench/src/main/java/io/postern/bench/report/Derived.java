package io.postern.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Figures computed from others: what a proxy adds to a latency over the direct connection. */
public final class Derived {

    private Derived() {
    }

    /**
     * For each sample of {@code metric} through a proxy, a sample "{@code metric} added" with
     * its value minus direct's in the same scenario variant and repetition; nothing where
     * direct was not measured.
     */
    public static List<Sample> addedOverDirect(List<Sample> samples, String metric) {
        Map<List<Object>, Double> direct = samples.stream()
                .filter(s -> s.metric().equals(metric) && s.target().equals(Summary.DIRECT))
                .collect(Collectors.toMap(s -> List.of(s.scenario(), s.variant(), s.repetition()), Sample::value,
                        (a, b) -> a));
        List<Sample> added = new ArrayList<>();
        for (Sample s : samples) {
            if (!s.metric().equals(metric) || s.target().equals(Summary.DIRECT)) {
                continue;
            }
            Double base = direct.get(List.of(s.scenario(), s.variant(), s.repetition()));
            if (base != null) {
                added.add(new Sample(s.scenario(), s.variant(), s.target(), addedName(metric), s.betterHigher(),
                        s.repetition(), s.value() - base));
            }
        }
        return added;
    }

    /** {@code NOOP p50 µs} → {@code NOOP p50 µs added over direct}. */
    public static String addedName(String metric) {
        return metric + " added over direct";
    }
}
