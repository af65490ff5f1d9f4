package io.postern.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import io.postern.spi.SessionInfo;

/**
 * A Logback filter that keeps an appender to the lines that are not about one session (start,
 * stop, reload, listeners, configuration, Redis), and to session lines at {@code level}
 * ({@code WARN} unless set) and above. A session line is one logged with the session's context
 * in the MDC key {@link SessionInfo#LOG_CONTEXT_MDC_KEY} ({@code session}), as every line of
 * {@code io.postern.engine.SessionLog} and of modules that log about a session is.
 *
 * <p>The shipped {@code conf/logback.xml} puts it on the console appender: every line still goes
 * to {@code logs/postern.log} (nginx's {@code error.log}), while standard output, which systemd
 * keeps in the journal, does not hold each session's lines a second time. A denied line is never
 * encoded for the appender.
 *
 * <pre>{@code
 * <filter class="io.postern.logging.SessionLinesFilter">
 *   <level>WARN</level>
 * </filter>
 * }</pre>
 */
public final class SessionLinesFilter extends Filter<ILoggingEvent> {

    private Level level = Level.WARN;

    /** The least level of a session line that passes: a Logback level name ({@code INFO}, {@code WARN} …). */
    public void setLevel(String name) {
        Level parsed = name == null ? null : Level.toLevel(name.strip(), null);
        if (parsed == null) {
            addError("level: " + name + " (expected: TRACE, DEBUG, INFO, WARN, ERROR, ALL or OFF)");
            return;
        }
        level = parsed;
    }

    Level level() {
        return level;
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(level)) {
            return FilterReply.NEUTRAL;
        }
        return event.getMDCPropertyMap().containsKey(SessionInfo.LOG_CONTEXT_MDC_KEY)
                ? FilterReply.DENY
                : FilterReply.NEUTRAL;
    }
}
