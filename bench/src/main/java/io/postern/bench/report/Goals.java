package io.postern.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where Postern stands against the goals of the benchmark issue, from the report's rows: at
 * or above nginx's login rate and raw relay throughput, no more memory per idle session than
 * nginx, RSS with the idle sessions at most 3× nginx's, added NOOP latency within 50 µs of nginx's at the median, filtered relay at least
 * half the raw relay.
 */
public final class Goals {

    private Goals() {
    }

    public static String markdown(List<Row> rows, String postern, String filtered) {
        StringBuilder md = new StringBuilder("| goal | measured | met? |\n|---|---|---|\n");
        for (Row row : rows) {
            if (!row.target().equals(postern)) {
                continue;
            }
            if (row.metric().equals("sessions/s")) {
                ratioGoal(md, "login rate ≥ nginx's (" + row.variant() + ")", row, true);
            } else if (row.metric().equals("MB/s")) {
                ratioGoal(md, "relay throughput ≥ nginx's (" + row.variant() + ")", row, true);
            } else if (row.metric().equals("proxy RSS KiB/session")) {
                ratioGoal(md, "memory per idle session ≤ nginx's", row, false);
            } else if (row.metric().equals("proxy RSS MiB, sessions idling")) {
                double r = row.vsNginx();
                if (!Double.isNaN(r)) {
                    md.append(String.format(Locale.ROOT, "| RSS with %s ≤ 3× nginx's | %.0f MiB, %.2f× nginx | %s |%n",
                            row.variant(), row.median(), r, r <= 3 ? "yes" : "no"));
                }
            } else if (row.metric().endsWith("p50 µs added over direct")) {
                find(rows, row, Summary.NGINX).ifPresent(nginx -> {
                    double diff = row.median() - nginx.median();
                    md.append(String.format(Locale.ROOT, "| added NOOP latency at p50 within 50 µs of nginx's (%s) |"
                                    + " Postern +%.1f µs, nginx +%.1f µs: %+.1f µs | %s |%n", row.variant(),
                            row.median(), nginx.median(), diff, diff <= 50 ? "yes" : "no, by " + fmt(diff - 50) + " µs"));
                });
            }
        }
        boolean anyFiltered = rows.stream().anyMatch(r -> r.target().equals(filtered) && r.metric().equals("MB/s"));
        for (Row row : rows) {
            if (row.target().equals(filtered) && row.metric().equals("MB/s")) {
                find(rows, row, postern).ifPresent(raw -> md.append(String.format(Locale.ROOT,
                        "| filtered relay ≥ 50%% of raw (%s) | %.0f%% | %s |%n", row.variant(),
                        100 * row.median() / raw.median(), row.median() >= raw.median() / 2 ? "yes" : "no")));
            }
        }
        if (!anyFiltered) {
            md.append("| filtered relay ≥ 50% of raw | pending: module-rewrite (issue 5) not built | – |\n");
        }
        return md.toString();
    }

    private static void ratioGoal(StringBuilder md, String goal, Row row, boolean higher) {
        double r = row.vsNginx();
        if (Double.isNaN(r)) {
            return;
        }
        boolean met = higher ? r >= 1 : r <= 1;
        String by = higher ? fmt((1 - r) * 100) + "% below nginx" : fmt((r - 1) * 100) + "% above nginx";
        md.append(String.format(Locale.ROOT, "| %s | %.2f× nginx | %s |%n", goal, r, met ? "yes" : "no, " + by));
    }

    private static Optional<Row> find(List<Row> rows, Row like, String target) {
        return rows.stream().filter(r -> r.target().equals(target) && r.scenario().equals(like.scenario())
                && r.variant().equals(like.variant()) && r.metric().equals(like.metric())).findFirst();
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
