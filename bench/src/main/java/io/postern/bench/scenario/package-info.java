/**
 * The workloads of the comparison, each a {@link io.postern.bench.scenario.Scenario} run once
 * per target per repetition: {@link io.postern.bench.scenario.LoginRate} (plain, and on the
 * implicit-TLS listener), {@link io.postern.bench.scenario.RelayThroughput} (plain and TLS),
 * {@link io.postern.bench.scenario.IdleSessions}, {@link io.postern.bench.scenario.CommandLatency},
 * {@link io.postern.bench.scenario.SmtpSubmission}, {@link io.postern.bench.scenario.Pop3Retrieval}.
 */
package io.postern.bench.scenario;
