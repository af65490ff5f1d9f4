package io.postern.engine;

import io.postern.spi.UpstreamAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Log lines about one session, each carrying the session's context in the MDC key
 * {@code session} (nginx's {@code while ..., client: ..., server: ..., login: ..., upstream: ...}),
 * so the context is never written by hand in a message and never forgotten. The shipped
 * {@code logback.xml} prints it with {@code %X{session}}.
 */
public final class SessionLog {

    /** The MDC key holding the session context. */
    public static final String MDC_KEY = "session";

    private static final Logger LOG = LoggerFactory.getLogger("io.postern.session");

    private final Session session;
    private final String fixedContext;

    SessionLog(Session session) {
        this.session = session;
        this.fixedContext = null;
    }

    private SessionLog(String fixedContext) {
        this.session = null;
        this.fixedContext = fixedContext;
    }

    /**
     * A log for code driven without a session (a framed relay or a filter chain in a decoder
     * test): every line carries {@code context} instead of a session's.
     */
    public static SessionLog detached(String context) {
        return new SessionLog(context.endsWith(" ") ? context : context + " ");
    }

    /** {@code session=0000002a client=127.0.0.1:50312 server=imap protocol=imap login=bob upstream=10.0.0.5:143 }. */
    String context() {
        if (session == null) {
            return fixedContext;
        }
        StringBuilder sb = new StringBuilder(96);
        sb.append("session=").append(session.id());
        var client = session.clientAddress();
        if (client != null) {
            sb.append(" client=").append(Addresses.format(client));
        }
        sb.append(" server=").append(session.settings().name())
                .append(" protocol=").append(session.protocol().configName());
        session.login().ifPresent(l -> sb.append(" login=").append(l));
        session.upstream().map(UpstreamAddress::toString).ifPresent(u -> sb.append(" upstream=").append(u));
        return sb.append(' ').toString();
    }

    public void info(String format, Object... args) {
        if (LOG.isInfoEnabled()) {
            withContext(() -> LOG.info(format, args));
        }
    }

    public void warn(String format, Object... args) {
        if (LOG.isWarnEnabled()) {
            withContext(() -> LOG.warn(format, args));
        }
    }

    public void error(String format, Object... args) {
        if (LOG.isErrorEnabled()) {
            withContext(() -> LOG.error(format, args));
        }
    }

    public void debug(String format, Object... args) {
        if (LOG.isDebugEnabled()) {
            withContext(() -> LOG.debug(format, args));
        }
    }

    /** Runs {@code action} with this session's context in the MDC, restoring what was there. */
    public void withContext(Runnable action) {
        String previous = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, context());
        try {
            action.run();
        } finally {
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        }
    }
}
