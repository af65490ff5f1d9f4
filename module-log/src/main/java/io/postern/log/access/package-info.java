/**
 * The mail access log, nginx's {@code access_log} and {@code log_format} for mail sessions:
 * {@link io.postern.log.access.AccessLogSettings} reads the directives,
 * {@link io.postern.log.access.LogFormat} compiles a format from its
 * {@link io.postern.log.access.Variable}s, {@link io.postern.log.access.AccessLogWriter} writes
 * lines on its own thread from a bounded queue.
 */
package io.postern.log.access;
