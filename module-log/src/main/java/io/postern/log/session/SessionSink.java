package io.postern.log.session;

import io.postern.spi.UpstreamAddress;
import java.time.Duration;

/**
 * What {@link SessionTracker} tells the module's features (the access log, the metrics).
 * Called on the session's event loop with immutable copies: a sink must return at once and
 * never block.
 */
public interface SessionSink {

    default void opened(LiveSession session) {
    }

    default void authDecided(LiveSession session, AuthStatus status) {
    }

    default void upstreamConnected(LiveSession session, UpstreamAddress upstream, Duration connectTime) {
    }

    default void closed(ClosedSession session) {
    }
}
