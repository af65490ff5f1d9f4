package io.postern.spi;

import java.time.Duration;

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

    /**
     * The AUTH phase decided about one login attempt, {@code elapsed} after the credentials
     * were complete (the whole phase: every authenticator asked, and a rejection's wait not
     * included). This is the call the core makes; its default calls the three-argument form,
     * so a listener overrides one or the other. Added in SPI 1.2.
     */
    default void onAuthDecision(SessionInfo session, AuthRequest request, AuthDecision decision,
                                Duration elapsed) {
        onAuthDecision(session, request, decision);
    }

    /**
     * An upstream could not be reached (refused, timed out, not resolved); the next candidate,
     * if any, is tried next. Added in SPI 1.2.
     *
     * @param reason what failed, for a log line
     */
    default void onUpstreamFailed(SessionInfo session, UpstreamAddress upstream, String reason) {
    }

    /**
     * A TLS handshake with the client completed (a listener with {@code ssl}, or STARTTLS); the
     * facts are also in {@link SessionInfo#tls()}. Added in SPI 1.2.
     */
    default void onTlsHandshake(SessionInfo session, TlsInfo tls) {
    }

    /** A TLS handshake with the client failed; the session ends. Added in SPI 1.2. */
    default void onTlsFailed(SessionInfo session, String reason) {
    }

    /** The upstream connection is established (before the upstream login). */
    default void onUpstreamConnected(SessionInfo session, UpstreamAddress upstream, Duration connectTime) {
    }

    /** The upstream accepted the login; the session is now relayed. */
    default void onLoggedIn(SessionInfo session) {
    }

    /**
     * The core refused the client: at connect time (an {@code access} rule, a per-address or
     * the process-wide limit; {@link #onOpen} was called, no greeting was sent) or after the
     * AUTH phase accepted a login (a per-user limit; before any upstream was contacted). The
     * client got the protocol's answer and {@link #onClose} follows with
     * {@link CloseReason#REFUSED}. Added in SPI 1.3.
     */
    default void onRefused(SessionInfo session, Refusal refusal) {
    }

    /** The session ended. This is the last call for it. */
    default void onClose(SessionInfo session, SessionSummary summary) {
    }
}
