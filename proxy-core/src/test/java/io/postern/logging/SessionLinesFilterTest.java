package io.postern.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.status.Status;
import io.postern.spi.SessionInfo;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SessionLinesFilterTest {

    @Test
    void dropsSessionLinesBelowWarn() {
        List<String> lines = logged(new SessionLinesFilter(), log -> {
            session(log, () -> log.info("logged in"));
            session(log, () -> log.debug("a command"));
        });

        assertThat(lines).isEmpty();
    }

    @Test
    void keepsSessionLinesAtWarnAndAbove() {
        List<String> lines = logged(new SessionLinesFilter(), log -> {
            session(log, () -> log.warn("upstream timed out"));
            session(log, () -> log.error("internal error"));
        });

        assertThat(lines).containsExactly("upstream timed out", "internal error");
    }

    @Test
    void keepsEveryLineOutsideASession() {
        List<String> lines = logged(new SessionLinesFilter(), log -> {
            log.info("listening on 127.0.0.1:143");
            log.debug("configuration read");
        });

        assertThat(lines).containsExactly("listening on 127.0.0.1:143", "configuration read");
    }

    @Test
    void takesTheLeastLevelOfSessionLinesFromItsSetting() {
        SessionLinesFilter filter = new SessionLinesFilter();
        filter.setLevel("info");

        List<String> lines = logged(filter, log -> {
            session(log, () -> log.info("logged in"));
            session(log, () -> log.debug("a command"));
        });

        assertThat(lines).containsExactly("logged in");
    }

    @Test
    void refusesALevelLogbackDoesNotKnowAndKeepsWarn() {
        LoggerContext context = new LoggerContext();
        SessionLinesFilter filter = new SessionLinesFilter();
        filter.setContext(context);

        filter.setLevel("loud");

        assertThat(filter.level()).isEqualTo(Level.WARN);
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .filteredOn(status -> status.getLevel() == Status.ERROR)
                .extracting(Status::getMessage)
                .containsExactly("level: loud (expected: TRACE, DEBUG, INFO, WARN, ERROR, ALL or OFF)");
    }

    private static void session(Logger log, Runnable line) {
        log.getLoggerContext().getMDCAdapter().put(SessionInfo.LOG_CONTEXT_MDC_KEY, "session=0000002a ");
        try {
            line.run();
        } finally {
            log.getLoggerContext().getMDCAdapter().remove(SessionInfo.LOG_CONTEXT_MDC_KEY);
        }
    }

    private static List<String> logged(SessionLinesFilter filter, Consumer<Logger> body) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        filter.setContext(context);
        filter.start();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.addFilter(filter);
        appender.start();
        Logger log = context.getLogger("io.postern.test");
        log.setLevel(Level.DEBUG);
        log.addAppender(appender);
        body.accept(log);
        context.stop();
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
