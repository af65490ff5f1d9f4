package io.postern.spi;

import java.util.Objects;

/**
 * One login attempt, as the AUTH phase sees it.
 *
 * @param session the session the client logs in on
 * @param credentials what the client sent
 * @param attempt 1 for the session's first login attempt, counting up (nginx's
 *     {@code Auth-Login-Attempt})
 */
public record AuthRequest(SessionInfo session, Credentials credentials, int attempt) {
    public AuthRequest {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(credentials, "credentials");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt: " + attempt + " (expected: >= 1)");
        }
    }
}
