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

    /** One line of {@link #samples} (without the header), for writing samples as they are measured. */
    public static String line(Sample s) {
        return samples(List.of(s)).lines().skip(1).findFirst().orElseThrow() + "\n";
    }

    /** Reads what {@link #samples} wrote: how a report is made again from an earlier run's samples. */
    public static List<Sample> parseSamples(String csv) {
        List<Sample> samples = new java.util.ArrayList<>();
        csv.lines().skip(1).filter(l -> !l.isBlank()).forEach(line -> {
            List<String> f = fields(line);
            if (f.size() != 7) {
                throw new IllegalArgumentException("samples.csv: " + line + " (expected: 7 fields)");
            }
            samples.add(new Sample(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4).equals("higher"),
                    Integer.parseInt(f.get(5)), Double.parseDouble(f.get(6))));
        });
        return samples;
    }

    private static List<String> fields(String line) {
        List<String> fields = new java.util.ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
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
