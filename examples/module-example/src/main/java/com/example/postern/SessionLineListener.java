package com.example.postern;

import io.postern.spi.SessionInfo;
import io.postern.spi.SessionListener;
import io.postern.spi.SessionSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per session, when it ends: who, from where, how it ended. Through SLF4J, so the
 * line goes wherever Postern's logging sends its own (and carries the session's context).
 */
final class SessionLineListener implements SessionListener {

    private static final Logger log = LoggerFactory.getLogger(SessionLineListener.class);

    @Override
    public void onClose(SessionInfo session, SessionSummary summary) {
        log.info("example: {} session of {} from {} ended ({}) after {} ms, {} bytes in, {} bytes out",
                session.protocol(), session.login().orElse("-"), session.clientAddress().getAddress().getHostAddress(),
                summary.reason(), summary.duration().toMillis(), summary.bytesFromClient(), summary.bytesToClient());
    }
}
