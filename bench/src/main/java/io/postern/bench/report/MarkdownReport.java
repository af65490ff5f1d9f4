package io.postern.bench.report;

import java.util.List;
import java.util.Objects;

/**
 * The report as Markdown: the run's facts, then one table per scenario with each figure's
 * median, spread, and ratios to nginx and to the direct connection.
 */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    /**
     * @param header Markdown written before the tables (machine, sizes, notes)
     * @param footer Markdown written after them (pending targets, notes)
     */
    public static String render(String header, List<Row> rows, String footer) {
        Objects.requireNonNull(header, "header");
        StringBuilder md = new StringBuilder(header);
        String scenario = null;
        for (Row row : rows) {
            if (!row.scenario().equals(scenario)) {
                scenario = row.scenario();
                md.append("\n### ").append(scenario).append("\n\n");
                md.append("| variant | metric | target | median | spread | vs nginx | vs direct |\n");
                md.append("|---|---|---|---:|---:|---:|---:|\n");
            }
            md.append("| ").append(row.variant())
                    .append(" | ").append(row.metric()).append(row.betterHigher() ? " ↑" : " ↓")
                    .append(" | ").append(row.target())
                    .append(" | ").append(Figures.number(row.median()))
                    .append(" | ").append(Figures.spread(row.spread(), row.repetitions()))
                    .append(" | ").append(Figures.ratio(row.vsNginx()))
                    .append(" | ").append(Figures.ratio(row.vsDirect()))
                    .append(" |\n");
        }
        md.append("\n↑ higher is better, ↓ lower is better. Median over the repetitions; spread is half the"
                + " range of the repetitions as a percentage of the median.\n");
        return md.append(footer).toString();
    }
}
