package io.postern.engine;

import io.postern.logging.ErrorLogs;
import io.postern.spi.SessionInfo;
import io.postern.spi.UpstreamAddress;
import io.postern.spi.WireText;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

/**
 * Log lines about one session, each carrying the session's context in the MDC key
 * {@code session} (nginx's {@code while ..., client: ..., server: ..., login: ..., upstream: ...}),
 * so the context is never written by hand in a message and never forgotten. The shipped
 * {@code logback.xml} prints it with {@code %X{session}}. Nothing from the wire reaches a line
 * raw: the context's values are escaped with {@link WireText#escape}, and each message is made
 * line-safe after formatting.
 */
public final class SessionLog {

    /** The MDC key holding the session context. */
    public static final String MDC_KEY = SessionInfo.LOG_CONTEXT_MDC_KEY;

    private static final Logger LOG = LoggerFactory.getLogger("io.postern.session");

    private final Session session;
    private final String fixedContext;
    /** Read and written without a lock: a record is published whole, and a stale one is simply rebuilt. */
    private Context last;

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

    /**
     * {@code session=0000002a client=127.0.0.1:50312 server=imap protocol=imap login=bob upstream=10.0.0.5:143 }.
     * Every value goes through {@link #field}, escaped with {@link WireText#escape}, whoever gave
     * it: a login is the client's text and may hold CR, LF, ESC or invalid UTF-8. Built again only
     * when the client (a PROXY header), the login or the upstream changed since the last line.
     */
    String context() {
        if (session == null) {
            return fixedContext;
        }
        InetSocketAddress client = session.clientAddress();
        String login = session.login().orElse(null);
        UpstreamAddress upstream = session.upstream().orElse(null);
        Context last = this.last;
        if (last != null && last.client == client && last.login == login && last.upstream == upstream) {
            return last.text;
        }
        StringBuilder sb = new StringBuilder(128);
        field(sb, "session", session.id());
        if (client != null) {
            field(sb, "client", Addresses.format(client));
        }
        field(sb, "server", session.settings().name());
        field(sb, "protocol", session.protocol().configName());
        if (login != null) {
            field(sb, "login", login);
        }
        if (upstream != null) {
            field(sb, "upstream", upstream.toString());
        }
        String text = sb.append(' ').toString();
        this.last = new Context(client, login, upstream, text);
        return text;
    }

    /**
     * Drops the context last built: a relayed session may idle for hours and logs again only
     * when it ends, when the context is built afresh.
     */
    void forgetContext() {
        last = null;
    }

    /** The context last built, and what it was built from (compared by identity). */
    private record Context(InetSocketAddress client, String login, UpstreamAddress upstream, String text) {
    }

    /** The one way a value enters the context: {@code key=value}, the value escaped. */
    private static void field(StringBuilder sb, String key, String value) {
        if (sb.length() > 0) {
            sb.append(' ');
        }
        sb.append(key).append('=');
        WireText.appendEscaped(sb, value);
    }

    public void info(String format, Object... args) {
        if (LOG.isInfoEnabled()) {
            FormattingTuple line = line(format, args);
            withContext(() -> LOG.info(line.getMessage(), line.getThrowable()));
        }
    }

    public void warn(String format, Object... args) {
        if (LOG.isWarnEnabled()) {
            FormattingTuple line = line(format, args);
            withContext(() -> LOG.warn(line.getMessage(), line.getThrowable()));
        }
    }

    public void error(String format, Object... args) {
        if (LOG.isErrorEnabled()) {
            FormattingTuple line = line(format, args);
            withContext(() -> LOG.error(line.getMessage(), line.getThrowable()));
        }
    }

    public void debug(String format, Object... args) {
        if (LOG.isDebugEnabled()) {
            FormattingTuple line = line(format, args);
            withContext(() -> LOG.debug(line.getMessage(), line.getThrowable()));
        }
    }

    /**
     * The line {@code format} and {@code args} make, with every control character, line or
     * paragraph separator and escaped byte left in it by an argument written as {@code \xHH}
     * ({@link LogText#lineSafe}): a wire value that reaches a session log line unescaped still
     * cannot split or colour it. Arguments that are wire text should be passed through
     * {@link WireText#escape} all the same, so that they read exactly as the access log shows them.
     */
    static FormattingTuple line(String format, Object... args) {
        FormattingTuple formatted = MessageFormatter.arrayFormat(format, args);
        String message = formatted.getMessage();
        String safe = LogText.lineSafe(message);
        return safe == message ? formatted : new FormattingTuple(safe, null, formatted.getThrowable());
    }

    /** Runs {@code action} with this session's context in the MDC, restoring what was there. */
    public void withContext(Runnable action) {
        String previous = MDC.get(MDC_KEY);
        String previousServer = MDC.get(ErrorLogs.SERVER_MDC_KEY);
        MDC.put(MDC_KEY, context());
        if (session != null) {
            MDC.put(ErrorLogs.SERVER_MDC_KEY, session.settings().name());
        }
        try {
            action.run();
        } finally {
            restore(MDC_KEY, previous);
            restore(ErrorLogs.SERVER_MDC_KEY, previousServer);
        }
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
