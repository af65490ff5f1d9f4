package io.postern.log.access;

import io.postern.log.session.ClosedSession;
import io.postern.log.session.SessionSink;
import io.postern.log.writer.LogWriter;
import java.util.List;

/** The access log as a {@link SessionSink}: a closed session's lines go to the writer's queue. */
public final class AccessLog implements SessionSink {

    /** What one queued entry is, in the writer's drop warning. */
    public static final String UNIT = "session line(s)";

    private final AccessLogSettings settings;
    private final LogWriter writer;

    public AccessLog(AccessLogSettings settings, LogWriter writer) {
        this.settings = settings;
        this.writer = writer;
    }

    @Override
    public void closed(ClosedSession session) {
        List<AccessLogTarget> targets = settings.targetsOf(session.session().server());
        if (!targets.isEmpty()) {
            writer.offer(out -> targets.forEach(t -> out.write(t.path(), t.format().format(session))));
        }
    }
}
