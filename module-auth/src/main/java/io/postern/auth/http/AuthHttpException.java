package io.postern.auth.http;

/**
 * Why one exchange with an auth server failed. The message names the server and what
 * happened, never the request (which carries the password).
 */
final class AuthHttpException extends RuntimeException {

    /** What went wrong, which decides whether the next auth server is tried. */
    enum Kind {
        /** The server could not be reached: the next URL is tried. */
        CONNECT(true),
        /** No complete answer within {@code auth_http_timeout}: the next URL is tried. */
        TIMEOUT(true),
        /** The server answered, but not with a usable answer: no failover. */
        PROTOCOL(false);

        private final boolean failover;

        Kind(boolean failover) {
            this.failover = failover;
        }

        boolean failover() {
            return failover;
        }
    }

    private final Kind kind;

    AuthHttpException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
