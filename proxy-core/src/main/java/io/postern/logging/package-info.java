/**
 * nginx's {@code error_log} at the mail and server level, on the logging backend: {@link ErrorLogTarget}
 * reads a value, {@link ErrorLogs} installs one Logback appender per file for the sessions of the servers
 * that name it (and reopens them for {@code postern -s reopen}). The shipped {@code conf/logback.xml}
 * writes its time stamps with {@link IsoTimeConverter} ({@code %isoTime}) and keeps session lines
 * below WARN off the console with {@link SessionLinesFilter}.
 */
package io.postern.logging;
