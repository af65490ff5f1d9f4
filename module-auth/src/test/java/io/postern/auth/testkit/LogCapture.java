package io.postern.auth.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Captures every log event of the process (the root logger) while open. */
public final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level levelBefore = root.getLevel();

    /** Captures at the configured level. */
    public LogCapture() {
        this(null);
    }

    /** Captures at {@code level} (DEBUG catches more places a secret could slip into). */
    public LogCapture(Level level) {
        appender.start();
        root.addAppender(appender);
        if (level != null) {
            root.setLevel(level);
        }
    }

    /** Every captured line, formatted, with its level, MDC and any exception text. */
    public List<String> lines() {
        synchronized (appender) { // AppenderBase.doAppend appends holding the appender's lock
            return appender.list.stream().map(LogCapture::describe).collect(Collectors.toList());
        }
    }

    /** Every captured event, in order. */
    public List<ILoggingEvent> events() {
        synchronized (appender) { // AppenderBase.doAppend appends holding the appender's lock
            return List.copyOf(appender.list);
        }
    }

    public String all() {
        return String.join("\n", lines());
    }

    private static String describe(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " "
                + event.getMDCPropertyMap() + " " + event.getFormattedMessage());
        for (var t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            line.append(" ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return line.toString();
    }

    @Override
    public void close() {
        root.setLevel(levelBefore);
        root.detachAppender(appender);
        appender.stop();
    }
}
