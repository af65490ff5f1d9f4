package io.postern.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * What went wrong while Logback read its configuration, from its status list. {@code bin/postern}
 * silences Logback's own report of it (dozens of lines with stack traces), so the CLI tells it
 * in one line per problem instead. Only loaded when Logback is the SLF4J binding.
 */
final class LogbackStatus {

    private LogbackStatus() {
    }

    static List<String> errors() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Set<String> files = new LinkedHashSet<>();
        List<String> others = new ArrayList<>();
        for (Status status : context.getStatusManager().getCopyOfStatusList()) {
            if (status.getLevel() != Status.ERROR) {
                continue;
            }
            if (status.getThrowable() instanceof FileNotFoundException notOpened) {
                files.add(openFailed(notOpened.getMessage()));
            } else {
                others.add("logging: " + status.getMessage()
                        + (status.getThrowable() == null ? "" : " (" + status.getThrowable() + ")"));
            }
        }
        // A file that cannot be opened is the cause; the other errors (a directory that could not
        // be created, an appender that did not start) are its echoes.
        return files.isEmpty() ? others : List.copyOf(files);
    }

    /** nginx's {@code open() "/var/log/x.log" failed (Permission denied)}, from Java's {@code "/var/log/x.log (Permission denied)"}. */
    static String openFailed(String message) {
        int reason = message.lastIndexOf(" (");
        if (reason < 0 || !message.endsWith(")")) {
            return "open() of a log file failed: " + message;
        }
        return "open() \"" + message.substring(0, reason) + "\" failed " + message.substring(reason + 1)
                + ": the log files of logback.xml must be writable by the user postern runs as";
    }
}
