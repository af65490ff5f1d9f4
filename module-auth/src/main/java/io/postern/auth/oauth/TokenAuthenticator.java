package io.postern.auth.oauth;

import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import io.postern.spi.WireText;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code oauth} authenticator: decides XOAUTH2 and OAUTHBEARER logins on the servers that
 * set {@code auth_oauth_jwks} or {@code auth_oauth_introspection}, and declines everything
 * else. A good token is accepted for the identity the client gave (the upstream login then
 * replays the token as the password, unless a later phase says otherwise); a bad one is
 * rejected with RFC 7628's error challenge and the session ends after it; an identity provider
 * that cannot be reached is a temporary failure.
 */
final class TokenAuthenticator implements Authenticator {

    /** The client's words for a refused token; the reason is only logged. */
    static final String FAILED = "Authentication failed";

    private static final Logger log = LoggerFactory.getLogger(TokenAuthenticator.class);

    /** One server's validation: where the token is checked, and which claims it needs. */
    record Validator(OAuthSettings settings, Optional<JwtVerifier> jwt, Optional<Introspection> introspection) {
    }

    private final Map<String, Validator> byServer;
    private final Clock clock;

    TokenAuthenticator(Map<String, Validator> byServer, Clock clock) {
        this.byServer = Map.copyOf(byServer);
        this.clock = clock;
    }

    @Override
    public CompletionStage<AuthDecision> authenticate(AuthRequest request) {
        Validator validator = byServer.get(request.session().server().name());
        if (validator == null || !(request.credentials() instanceof Credentials.Bearer bearer)) {
            return CompletableFuture.completedFuture(AuthDecision.declined());
        }
        CompletableFuture<TokenCheck> check = validator.jwt().isPresent()
                ? validator.jwt().get().verify(bearer.token())
                : validator.introspection().orElseThrow().check(bearer.token());
        return check.thenApply(result -> decide(validator.settings(), bearer, result));
    }

    private AuthDecision decide(OAuthSettings settings, Credentials.Bearer bearer, TokenCheck result) {
        String who = WireText.escape(bearer.user());
        if (result instanceof TokenCheck.Unavailable unavailable) {
            return new AuthDecision.Failed("oauth: " + unavailable.reason());
        }
        if (result instanceof TokenCheck.Refused refused) {
            log.info("oauth: {} token for {} refused: {}", bearer.method(), who, refused.reason());
            return rejected(settings, OAuthError.INVALID_TOKEN);
        }
        Optional<ClaimsCheck.Failure> failure = new ClaimsCheck(settings, clock)
                .check(((TokenCheck.Genuine) result).claims(), bearer.user());
        if (failure.isPresent()) {
            log.info("oauth: {} token for {} refused: {}", bearer.method(), who, failure.get().reason());
            return rejected(settings, failure.get().status());
        }
        return AuthDecision.accepted();
    }

    /** Refused, with the error challenge; no retry (freenginx without Auth-Wait): the client gets a new token. */
    private static AuthDecision rejected(OAuthSettings settings, String status) {
        OAuthError error = new OAuthError(status, settings.scope(), settings.openidConfiguration());
        return new AuthDecision.Rejected(FAILED, Optional.empty(), Optional.empty(), Optional.of(error.challenge()));
    }
}
