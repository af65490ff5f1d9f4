package io.postern.spi;

/** Why a session ended. */
public enum CloseReason {
    /**
     * The client said goodbye (LOGOUT, QUIT), before or after logging in: after login, the
     * session ended once the upstream answered it (a framed session) or closed right after it
     * (a raw one), whichever side closed the connection first.
     */
    CLIENT_QUIT,
    /** The client closed the connection. */
    CLIENT_CLOSED,
    /**
     * The upstream closed the connection after login without the client having said goodbye:
     * the upstream's own decision or failure (an idle timeout there, a restart), worth an alert.
     */
    UPSTREAM_CLOSED,
    /** An idle timeout ({@code timeout} before login, {@code proxy_timeout} after). */
    TIMEOUT,
    /** Authentication failed and the client may not retry. */
    AUTH_FAILED,
    /** The client made too many protocol errors ({@code max_errors}) or sent something that cannot be skipped. */
    PROTOCOL_ERROR,
    /** The upstream could not be reached or refused the login. */
    UPSTREAM_ERROR,
    /** An internal error: a handler failed or timed out, an auth backend was unavailable. */
    INTERNAL_ERROR,
    /** The proxy is shutting down. */
    SHUTDOWN,
    /**
     * The core refused the client (an {@code access} rule or a connection limit) and closed the
     * connection after the protocol's answer; {@link SessionListener#onRefused} said which
     * {@link Refusal}, and the summary's detail names its directive. Added in SPI 1.3: a module
     * built against an older SPI whose {@code switch} over this enum has no {@code default}
     * branch fails on it, so switch with a {@code default}.
     */
    REFUSED,
    /**
     * An operator closed the user's sessions ({@link SessionControl#kick}: a password change, a
     * disabled account). Added in SPI 1.4.
     */
    KICKED
}
