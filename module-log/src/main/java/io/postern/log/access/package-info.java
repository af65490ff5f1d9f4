/**
 * The mail access log, nginx's {@code access_log} and {@code log_format} for mail sessions:
 * {@link io.postern.log.access.AccessLogSettings} reads the directives,
 * {@link io.postern.log.access.LogFormat} compiles a format from its
 * {@link io.postern.log.access.Variable}s, and {@link io.postern.log.access.AccessLog} queues
 * each ended session for a {@link io.postern.log.writer.LogWriter}.
 */
package io.postern.log.access;
