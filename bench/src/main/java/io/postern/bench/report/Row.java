package io.postern.bench.report;

/**
 * One line of the report: a metric of a scenario variant through one target, summarised over
 * its repetitions, and compared with nginx and with the direct connection.
 *
 * @param median the median over the repetitions
 * @param spread half the range of the repetitions as a fraction of the median ({@link Stats#relativeSpread})
 * @param repetitions how many repetitions were measured
 * @param vsNginx median / nginx's median, NaN when nginx was not measured (or is nginx)
 * @param vsDirect median / direct's median, NaN when direct was not measured (or is direct)
 */
public record Row(String scenario, String variant, String metric, String target, boolean betterHigher, double median,
                  double spread, int repetitions, double vsNginx, double vsDirect) {
}
