package io.postern.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** {@link ErrorLogs} on Logback: an appender per file on the root logger, each with a per-server level filter. */
final class LogbackErrorLogs implements AutoCloseable {

    /** nginx's error log line: time, level, then the session context and the message. */
    private static final String PATTERN = "%d{yyyy/MM/dd HH:mm:ss} [%level] %X{session:-}%msg%n";

    private final LoggerContext context;
    private final List<OutputStreamAppender<ILoggingEvent>> appenders;

    private LogbackErrorLogs(LoggerContext context, List<OutputStreamAppender<ILoggingEvent>> appenders) {
        this.context = context;
        this.appenders = appenders;
    }

    static LogbackErrorLogs install(Map<String, List<ErrorLogTarget>> byServer, Path prefix) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        // target -> server -> the least severe level that server writes there
        Map<String, Map<String, Level>> targets = new LinkedHashMap<>();
        byServer.forEach((server, logs) -> {
            for (ErrorLogTarget log : logs) {
                String target = log.isStderr() ? ErrorLogTarget.STDERR : log.path(prefix).toString();
                Level level = Level.convertAnSLF4JLevel(log.level().slf4j());
                targets.computeIfAbsent(target, t -> new HashMap<>())
                        .merge(server, level, (a, b) -> a.isGreaterOrEqual(b) ? b : a);
            }
        });
        List<OutputStreamAppender<ILoggingEvent>> appenders = new ArrayList<>();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        targets.forEach((target, levels) -> {
            OutputStreamAppender<ILoggingEvent> appender = appender(context, target);
            appender.addFilter(new ServerLevelFilter(Map.copyOf(levels)));
            appender.start();
            root.addAppender(appender);
            appenders.add(appender);
        });
        return new LogbackErrorLogs(context, appenders);
    }

    private static OutputStreamAppender<ILoggingEvent> appender(LoggerContext context, String target) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender;
        if (target.equals(ErrorLogTarget.STDERR)) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setTarget("System.err");
            appender = console;
        } else {
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setFile(target);
            file.setAppend(true);
            appender = file;
        }
        appender.setName("error_log " + target);
        appender.setContext(context);
        appender.setEncoder(encoder);
        return appender;
    }

    /** Closes each file and opens it again by name: after a rotation, a new file. */
    void reopen() {
        for (OutputStreamAppender<ILoggingEvent> appender : appenders) {
            if (appender instanceof FileAppender<ILoggingEvent>) {
                appender.stop();
                appender.start();
            }
        }
    }

    @Override
    public void close() {
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (OutputStreamAppender<ILoggingEvent> appender : appenders) {
            root.detachAppender(appender);
            appender.stop();
        }
    }

    /** Lets through a session's lines at its server's level or above; nothing outside a session. */
    private static final class ServerLevelFilter extends Filter<ILoggingEvent> {
        private final Map<String, Level> levels;

        ServerLevelFilter(Map<String, Level> levels) {
            this.levels = levels;
        }

        @Override
        public FilterReply decide(ILoggingEvent event) {
            String server = event.getMDCPropertyMap().get(ErrorLogs.SERVER_MDC_KEY);
            Level least = server == null ? null : levels.get(server);
            return least != null && event.getLevel().isGreaterOrEqual(least) ? FilterReply.NEUTRAL : FilterReply.DENY;
        }
    }
}
