package io.postern.logging;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code error_log} files of the running configuration: every line logged in a session
 * (the session's MDC names its server under {@link #SERVER_MDC_KEY}) goes, beside what
 * {@code logback.xml} does with it, to each file its server's {@code error_log} names, at that
 * level or above. A file named by several servers is one appender. Lines outside a session
 * (start-up, listeners) stay with {@code logback.xml}. Needs Logback, the distribution's
 * SLF4J binding; with another binding {@code error_log} is reported once and ignored.
 */
public final class ErrorLogs implements AutoCloseable {

    /** The MDC key holding the name of the session's server block. */
    public static final String SERVER_MDC_KEY = "postern.server";

    private static final Logger LOG = LoggerFactory.getLogger(ErrorLogs.class);
    private static final String LOGBACK = "ch.qos.logback.classic.LoggerContext";

    private final AutoCloseable installed;
    private final Runnable reopen;

    private ErrorLogs(AutoCloseable installed, Runnable reopen) {
        this.installed = installed;
        this.reopen = reopen;
    }

    /**
     * Installs the appenders.
     *
     * @param byServer each server block's {@code error_log} values (servers without any may be absent)
     * @param prefix relative file names are resolved against it
     */
    public static ErrorLogs install(Map<String, List<ErrorLogTarget>> byServer, Path prefix) {
        if (byServer.values().stream().allMatch(List::isEmpty)) {
            return new ErrorLogs(() -> { }, () -> { });
        }
        if (!LoggerFactory.getILoggerFactory().getClass().getName().equals(LOGBACK)) {
            LOG.warn("error_log needs Logback as the SLF4J binding (found {}): ignored",
                    LoggerFactory.getILoggerFactory().getClass().getName());
            return new ErrorLogs(() -> { }, () -> { });
        }
        LogbackErrorLogs logback = LogbackErrorLogs.install(byServer, prefix);
        return new ErrorLogs(logback::close, logback::reopen);
    }

    /**
     * The problems the logging backend met while it read its own configuration (Logback's
     * {@code logback.xml}: a log file that cannot be opened), one line each; empty when there
     * were none or the binding is not Logback.
     */
    public static List<String> startupProblems() {
        if (!LoggerFactory.getILoggerFactory().getClass().getName().equals(LOGBACK)) {
            return List.of();
        }
        return LogbackStatus.errors();
    }

    /** Closes and opens the files again, for {@code postern -s reopen} after a log rotation. */
    public void reopen() {
        reopen.run();
    }

    /** Detaches and closes the appenders. */
    @Override
    public void close() {
        try {
            installed.close();
        } catch (Exception e) {
            LOG.warn("closing the error_log files failed: {}", e.toString());
        }
    }
}
