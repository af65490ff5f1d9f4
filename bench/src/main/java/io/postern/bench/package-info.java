/**
 * The benchmark harness: {@link io.postern.bench.Main} parses the arguments
 * ({@link io.postern.bench.BenchSettings}), {@link io.postern.bench.BenchRun} starts the
 * upstreams, the auth server and the targets and runs the scenarios, and
 * {@link io.postern.bench.ReportWriter} writes the Markdown, CSV and PNG report.
 */
package io.postern.bench;
