package io.postern.spi;

/**
 * A handler of the LOG phase: told what happens to each session. Every method has an empty
 * default, so a listener overrides only what it needs.
 *
 * <p>Called on the session's event loop, in registration order. A listener must return
 * quickly and never block (hand writes to a queue); an exception it throws is logged and
 * otherwise ignored, because a listener must never harm a session.
 */
public interface SessionListener {

    /** The client connected; nothing has been said yet. */
    default void onOpen(SessionInfo session) {
    }

    /** The AUTH phase decided about one login attempt. */
    default void onAuthDecision(SessionInfo session, AuthRequest request, AuthDecision decision) {
    }

    /** The upstream connection is established (before the upstream login). */
    default void onUpstreamConnected(SessionInfo session, UpstreamAddress upstream, java.time.Duration connectTime) {
    }

    /** The upstream accepted the login; the session is now relayed. */
    default void onLoggedIn(SessionInfo session) {
    }

    /** The session ended. This is the last call for it. */
    default void onClose(SessionInfo session, SessionSummary summary) {
    }
}
