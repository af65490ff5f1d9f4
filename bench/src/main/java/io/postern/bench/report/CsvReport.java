package io.postern.bench.report;

import java.util.List;
import java.util.Locale;

/** The report as CSV: every sample of every repetition, for anyone who wants other statistics. */
public final class CsvReport {

    private CsvReport() {
    }

    public static String samples(List<Sample> samples) {
        StringBuilder csv = new StringBuilder("scenario,variant,target,metric,better,repetition,value\n");
        for (Sample s : samples) {
            csv.append(quote(s.scenario())).append(',').append(quote(s.variant())).append(',')
                    .append(quote(s.target())).append(',').append(quote(s.metric())).append(',')
                    .append(s.betterHigher() ? "higher" : "lower").append(',').append(s.repetition()).append(',')
                    .append(String.format(Locale.ROOT, "%.6g", s.value())).append('\n');
        }
        return csv.toString();
    }

    public static String rows(List<Row> rows) {
        StringBuilder csv = new StringBuilder("scenario,variant,metric,target,median,spread,repetitions,vs_nginx,vs_direct\n");
        for (Row r : rows) {
            csv.append(quote(r.scenario())).append(',').append(quote(r.variant())).append(',')
                    .append(quote(r.metric())).append(',').append(quote(r.target())).append(',')
                    .append(String.format(Locale.ROOT, "%.6g,%.4f,%d,%s,%s", r.median(), r.spread(), r.repetitions(),
                            number(r.vsNginx()), number(r.vsDirect())))
                    .append('\n');
        }
        return csv.toString();
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.4f", value);
    }

    static String quote(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
