package io.postern.auth.http;

import io.postern.spi.SessionInfo;

/** The session context of this module's log lines, in the form the core puts in its MDC. */
final class LogContext {

    /** The MDC key the core's log pattern prints ({@code %X{session}}). */
    static final String MDC_KEY = "session";

    private LogContext() {
    }

    /** Read on the session's event loop: {@code session=… client=… server=… protocol=… login=… }. */
    static String of(SessionInfo session) {
        StringBuilder sb = new StringBuilder(96).append("session=").append(session.id())
                .append(" client=").append(RequestWriter.ip(session.clientAddress()))
                .append(':').append(session.clientAddress().getPort())
                .append(" server=").append(session.server().name())
                .append(" protocol=").append(session.protocol().configName());
        session.login().ifPresent(l -> sb.append(" login=").append(l));
        return sb.append(' ').toString();
    }
}
