/**
 * The five workloads of the comparison, each a {@link io.postern.bench.scenario.Scenario} run
 * once per target per repetition: {@link io.postern.bench.scenario.LoginRate},
 * {@link io.postern.bench.scenario.RelayThroughput}, {@link io.postern.bench.scenario.IdleSessions},
 * {@link io.postern.bench.scenario.CommandLatency}, {@link io.postern.bench.scenario.SmtpSubmission}.
 */
package io.postern.bench.scenario;
