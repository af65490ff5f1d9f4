/**
 * The benchmark report: {@link io.postern.bench.report.Sample}s folded by
 * {@link io.postern.bench.report.Summary} into {@link io.postern.bench.report.Row}s (median,
 * spread, ratios to nginx and direct), written as Markdown, CSV and a PNG chart.
 */
package io.postern.bench.report;
