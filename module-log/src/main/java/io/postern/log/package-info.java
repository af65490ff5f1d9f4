/**
 * module-log, the LOG phase: {@link io.postern.log.LogModule} declares {@code access_log},
 * {@code log_format}, {@code access_log_buffer} and {@code metrics_listen} and wires the
 * access log ({@link io.postern.log.access}) and the metrics ({@link io.postern.log.metrics})
 * to one session listener ({@link io.postern.log.session}).
 */
package io.postern.log;
