package io.postern.log.session;

import io.postern.spi.SessionSummary;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A session that ended: its last {@link LiveSession} copy, the core's summary and when it
 * ended. Immutable, so it can be handed to the access-log writer thread as it is.
 *
 * @param session what the session showed, as of its end
 * @param summary why it ended, how long it lasted, the bytes it moved
 * @param endTime when the session ended ({@code $time_local}, {@code $time_iso8601})
 * @param commands the post-login commands it sent ({@code $commands}), known only when the
 *     module's post-login filter saw them (an audited or counted session)
 */
public record ClosedSession(LiveSession session, SessionSummary summary, Instant endTime, OptionalLong commands) {
    public ClosedSession {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(endTime, "endTime");
        Objects.requireNonNull(commands, "commands");
    }

    /** A session whose commands were not counted. */
    public ClosedSession(LiveSession session, SessionSummary summary, Instant endTime) {
        this(session, summary, endTime, OptionalLong.empty());
    }
}
