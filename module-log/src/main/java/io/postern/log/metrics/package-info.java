/**
 * Prometheus metrics and the live-session status page: {@link io.postern.log.metrics.MailMetrics}
 * counts session events, {@link io.postern.log.metrics.MetricsServer} serves {@code /metrics}
 * and {@code /status} on {@code metrics_listen}.
 */
package io.postern.log.metrics;
