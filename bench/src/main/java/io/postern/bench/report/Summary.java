package io.postern.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Folds the samples of all repetitions into report {@link Row}s, in the order first measured. */
public final class Summary {

    /** The targets every other one is compared with. */
    public static final String NGINX = "nginx";
    public static final String DIRECT = "direct";

    private Summary() {
    }

    /** The rows, grouped by scenario (in the order scenarios were first measured), then in the order measured. */
    public static List<Row> rows(List<Sample> samples) {
        List<String> scenarios = samples.stream().map(Sample::scenario).distinct().toList();
        List<Sample> ordered = samples.stream()
                .sorted(java.util.Comparator.comparingInt(s -> scenarios.indexOf(s.scenario()))).toList();
        Map<List<String>, List<Sample>> byFigure = new LinkedHashMap<>();
        for (Sample s : ordered) {
            byFigure.computeIfAbsent(List.of(s.scenario(), s.variant(), s.metric(), s.target()), k -> new ArrayList<>())
                    .add(s);
        }
        Map<List<String>, Double> medians = new LinkedHashMap<>();
        byFigure.forEach((key, list) -> medians.put(key, Stats.median(values(list))));
        List<Row> rows = new ArrayList<>();
        byFigure.forEach((key, list) -> {
            double median = medians.get(key);
            Sample first = list.get(0);
            rows.add(new Row(first.scenario(), first.variant(), first.metric(), first.target(), first.betterHigher(),
                    median, Stats.relativeSpread(values(list)), list.size(),
                    ratio(median, medians.get(List.of(key.get(0), key.get(1), key.get(2), NGINX)), first.target(), NGINX),
                    ratio(median, medians.get(List.of(key.get(0), key.get(1), key.get(2), DIRECT)), first.target(), DIRECT)));
        });
        return rows;
    }

    private static double ratio(double median, Double reference, String target, String referenceName) {
        if (reference == null || target.equals(referenceName) || reference == 0) {
            return Double.NaN;
        }
        return median / reference;
    }

    private static double[] values(List<Sample> list) {
        return list.stream().mapToDouble(Sample::value).toArray();
    }
}
