package io.postern.log.access;

import io.postern.log.session.ClosedSession;
import io.postern.log.session.SessionSink;
import java.util.List;

/** The access log as a {@link SessionSink}: a closed session's lines go to the writer's queue. */
public final class AccessLog implements SessionSink {

    private final AccessLogSettings settings;
    private final AccessLogWriter writer;

    public AccessLog(AccessLogSettings settings, AccessLogWriter writer) {
        this.settings = settings;
        this.writer = writer;
    }

    @Override
    public void closed(ClosedSession session) {
        List<AccessLogTarget> targets = settings.targetsOf(session.session().server());
        if (!targets.isEmpty()) {
            writer.offer(session, targets);
        }
    }
}
