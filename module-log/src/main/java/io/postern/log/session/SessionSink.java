package io.postern.log.session;

import io.postern.spi.Refusal;
import io.postern.spi.UpstreamAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * What {@link SessionTracker} tells the module's features (the access log, the metrics).
 * Called on the session's event loop with immutable copies: a sink must return at once and
 * never block.
 */
public interface SessionSink {

    default void opened(LiveSession session) {
    }

    /** @param elapsed how long the AUTH phase took to decide */
    default void authDecided(LiveSession session, AuthStatus status, Duration elapsed) {
    }

    /** An upstream could not be reached; the next candidate, if any, is tried. */
    default void upstreamFailed(LiveSession session, UpstreamAddress upstream) {
    }

    /** A client's TLS handshake completed ({@code tlsProtocol} such as {@code TLSv1.3}) or failed (empty). */
    default void tlsHandshake(LiveSession session, Optional<String> tlsProtocol) {
    }

    /** The core refused the client (access rules, a connection limit); the session closes next. */
    default void refused(LiveSession session, Refusal refusal) {
    }

    default void upstreamConnected(LiveSession session, UpstreamAddress upstream, Duration connectTime) {
    }

    default void closed(ClosedSession session) {
    }
}
