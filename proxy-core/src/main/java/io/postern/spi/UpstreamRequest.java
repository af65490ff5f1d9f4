package io.postern.spi;

import java.util.Objects;

/**
 * The question the UPSTREAM phase answers: where to take this logged-in client.
 *
 * @param session the session
 * @param auth the AUTH phase's decision, which may already name an upstream
 */
public record UpstreamRequest(SessionInfo session, AuthDecision.Accepted auth) {
    public UpstreamRequest {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(auth, "auth");
    }
}
