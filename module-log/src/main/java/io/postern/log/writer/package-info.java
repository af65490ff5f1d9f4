/**
 * Writing log files off the event loops: {@link io.postern.log.writer.LogWriter} is one
 * thread with a bounded queue of {@link io.postern.log.writer.LogEntry}s (drops counted, never
 * a stalled session), writing through {@link io.postern.log.writer.LineSink}s and reopening
 * them for logrotate. The access log and the audit log each have one.
 */
package io.postern.log.writer;
