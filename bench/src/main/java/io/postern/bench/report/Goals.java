package io.postern.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a Postern target stands against the goals of issue 18, from the report's rows, each a
 * ratio to nginx's median measured in the same run: proxy CPU per login session ≤ 0.8× and
 * login sessions/s ≥ 1.3×; RSS with the sessions idle ≤ 3× and memory per idle session ≤ 1×;
 * implicit-TLS login rate ≥ 1×, TLS relay ≥ 1.2×; POP3 and SMTP rates ≥ 1×; FETCH ≥ 1.5×; NOOP
 * p99 ≤ 1×. Beside every rate, the proxy's CPU per operation against nginx's. Then the older
 * goals that still say something: added NOOP latency at the median within 50 µs of nginx's,
 * the filtered relay at least half the raw one. A goal nothing measured says so.
 */
public final class Goals {

    public static final String LOGIN = "1. login rate";
    public static final String RELAY = "2. relay throughput";
    public static final String IDLE = "3. idle sessions";
    public static final String LATENCY = "4. per-command latency";
    public static final String SMTP = "5. SMTP submission";
    public static final String TLS_LOGIN = "6. implicit-TLS login rate";
    public static final String TLS_RELAY = "7. TLS relay throughput";
    public static final String POP3 = "8. POP3 login + RETR";

    /** One goal: the Postern ÷ nginx ratio of a scenario's metric, at least or at most {@code bound}. */
    record Goal(String text, String scenario, String metric, double bound, boolean atLeast) {

        boolean met(double ratio) {
            return atLeast ? ratio >= bound : ratio <= bound;
        }
    }

    /** Issue 18's goals, in its order. */
    static final List<Goal> ISSUE_18 = List.of(
            new Goal("proxy CPU per login session ≤ 0.8× nginx's", LOGIN, "proxy CPU ms/session", 0.8, false),
            new Goal("login sessions/s ≥ 1.3× nginx's", LOGIN, "sessions/s", 1.3, true),
            new Goal("RSS with the sessions idle ≤ 3× nginx's", IDLE, "proxy RSS MiB, sessions idling", 3, false),
            new Goal("memory per idle session ≤ nginx's", IDLE, "proxy RSS KiB/session", 1, false),
            new Goal("implicit-TLS login sessions/s ≥ nginx's", TLS_LOGIN, "sessions/s", 1, true),
            new Goal("TLS relay MB/s ≥ 1.2× nginx's", TLS_RELAY, "MB/s", 1.2, true),
            new Goal("POP3 sessions/s ≥ nginx's", POP3, "sessions/s", 1, true),
            new Goal("SMTP messages/s ≥ nginx's", SMTP, "messages/s", 1, true),
            new Goal("FETCH MB/s ≥ 1.5× nginx's", RELAY, "MB/s", 1.5, true),
            new Goal("NOOP p99 ≤ nginx's", LATENCY, "NOOP p99 µs", 1, false));

    private Goals() {
    }

    /**
     * The goals table of the target {@code postern}, with {@code filtered} its module-rewrite twin
     * (null for none: the filtered relay's goal is then left out).
     */
    public static String markdown(List<Row> rows, String postern, String filtered) {
        StringBuilder md = new StringBuilder("| goal | measured (" + postern + " ÷ nginx) | met? |\n|---|---|---|\n");
        for (Goal goal : ISSUE_18) {
            List<Row> measured = rows.stream().filter(r -> r.target().equals(postern)
                    && r.scenario().equals(goal.scenario()) && r.metric().equals(goal.metric())).toList();
            if (measured.isEmpty()) {
                md.append("| ").append(goal.text()).append(" | not measured in this run | – |\n");
            }
            for (Row row : measured) {
                ratioGoal(md, rows, goal, row);
            }
        }
        for (Row row : rows) {
            if (row.target().equals(postern) && row.metric().endsWith("p50 µs added over direct")) {
                find(rows, row, Summary.NGINX, row.metric()).ifPresent(nginx -> {
                    double diff = row.median() - nginx.median();
                    md.append(String.format(Locale.ROOT, "| added NOOP latency at p50 within 50 µs of nginx's (%s) |"
                                    + " %s +%.1f µs, nginx +%.1f µs: %+.1f µs | %s |%n", row.variant(), postern,
                            row.median(), nginx.median(), diff, diff <= 50 ? "yes" : "no, by " + fmt(diff - 50) + " µs"));
                });
            }
        }
        if (filtered == null) {
            return md.toString();
        }
        boolean anyFiltered = rows.stream().anyMatch(r -> r.target().equals(filtered) && r.metric().equals("MB/s"));
        for (Row row : rows) {
            if (row.target().equals(filtered) && row.metric().equals("MB/s")) {
                find(rows, row, postern, row.metric()).ifPresent(raw -> md.append(String.format(Locale.ROOT,
                        "| filtered relay ≥ 50%% of raw (%s, %s) | %.0f%% | %s |%n", shortName(row.scenario()),
                        row.variant(), 100 * row.median() / raw.median(), row.median() >= raw.median() / 2 ? "yes" : "no")));
            }
        }
        if (!anyFiltered) {
            md.append("| filtered relay ≥ 50% of raw | not measured in this run | – |\n");
        }
        return md.toString();
    }

    private static void ratioGoal(StringBuilder md, List<Row> rows, Goal goal, Row row) {
        String text = goal.text() + " (" + row.variant() + ")";
        double r = row.vsNginx();
        if (Double.isNaN(r)) {
            md.append("| ").append(text).append(" | ").append(Figures.number(row.median())).append(' ')
                    .append(row.metric()).append(", nginx not measured | – |\n");
            return;
        }
        String cpu = goal.metric().startsWith("proxy CPU") ? "" : cpuBeside(rows, row);
        md.append(String.format(Locale.ROOT, "| %s | %s× (%s vs %s %s)%s | %s |%n", text, fmt2(r),
                Figures.number(row.median()), Figures.number(row.median() / r), row.metric(), cpu,
                goal.met(r) ? "yes" : "no, " + fmt2(goal.bound()) + "× asked"));
    }

    /**
     * "; proxy CPU ms/session 0.85× nginx's; machine CPU ms/session 0.98× nginx's", as far as the
     * scenario measured them: the proxy's CPU per operation beside a rate, and the whole
     * machine's, which on a machine the load generator, the proxy and the servers share is what
     * the rate follows.
     */
    private static String cpuBeside(List<Row> rows, Row rate) {
        StringBuilder beside = new StringBuilder();
        for (String cost : List.of("proxy CPU", "machine CPU")) {
            rows.stream()
                    .filter(r -> r.target().equals(rate.target()) && r.scenario().equals(rate.scenario())
                            && r.variant().equals(rate.variant()) && r.metric().startsWith(cost)
                            && !Double.isNaN(r.vsNginx()))
                    .findFirst()
                    .ifPresent(cpu -> beside.append("; ").append(cpu.metric()).append(' ')
                            .append(fmt2(cpu.vsNginx())).append("× nginx's"));
        }
        return beside.toString();
    }

    private static Optional<Row> find(List<Row> rows, Row like, String target, String metric) {
        return rows.stream().filter(r -> r.target().equals(target) && r.scenario().equals(like.scenario())
                && r.variant().equals(like.variant()) && r.metric().equals(metric)).findFirst();
    }

    private static String shortName(String scenario) {
        int dot = scenario.indexOf(". ");
        return dot < 0 ? scenario : scenario.substring(dot + 2);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String fmt2(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
