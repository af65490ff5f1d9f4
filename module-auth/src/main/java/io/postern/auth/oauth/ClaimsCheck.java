package io.postern.auth.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The claims a token must carry for a login, whoever vouched for it (the JWKS or
 * introspection): issuer, audience, expiry and not-before with the clock skew, the required
 * scope, and the identity claim equal to the identity the client gave in SASL.
 */
final class ClaimsCheck {

    /** Why the claims fail, with the RFC 7628 status to answer; empty when they pass. */
    record Failure(String reason, String status) {
    }

    private final OAuthSettings settings;
    private final Clock clock;

    ClaimsCheck(OAuthSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    Optional<Failure> check(JWTClaimsSet claims, String identity) {
        Instant now = clock.instant();
        Date expiry = claims.getExpirationTime();
        if (expiry == null) {
            return invalid("no exp claim");
        }
        if (!expiry.toInstant().plus(settings.clockSkew()).isAfter(now)) {
            return invalid("expired at " + expiry.toInstant());
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().minus(settings.clockSkew()).isAfter(now)) {
            return invalid("not valid before " + notBefore.toInstant());
        }
        if (settings.issuer().isPresent() && !settings.issuer().get().equals(claims.getIssuer())) {
            return invalid("issuer \"" + claims.getIssuer() + "\" (expected: \"" + settings.issuer().get() + "\")");
        }
        List<String> audience = claims.getAudience();
        if (settings.audience().isPresent() && (audience == null || !audience.contains(settings.audience().get()))) {
            return invalid("audience " + audience + " (expected: \"" + settings.audience().get() + "\")");
        }
        Object claimed = claims.getClaim(settings.identityClaim());
        if (!(claimed instanceof String value) || !value.toLowerCase(Locale.ROOT).equals(identity.toLowerCase(Locale.ROOT))) {
            return invalid(settings.identityClaim() + " claim does not match the login");
        }
        if (settings.scope().isPresent() && !scopes(claims).contains(settings.scope().get())) {
            return Optional.of(new Failure("scope lacks \"" + settings.scope().get() + "\"", OAuthError.INSUFFICIENT_SCOPE));
        }
        return Optional.empty();
    }

    /** {@code scope} (RFC 8693, space-separated) and {@code scp} (Microsoft, Okta: a string or a list). */
    static List<String> scopes(JWTClaimsSet claims) {
        List<String> scopes = new ArrayList<>();
        for (String name : List.of("scope", "scp")) {
            Object value = claims.getClaim(name);
            if (value instanceof String text) {
                scopes.addAll(List.of(text.trim().split("\\s+")));
            } else if (value instanceof List<?> list) {
                list.forEach(item -> scopes.add(String.valueOf(item)));
            }
        }
        return scopes;
    }

    private static Optional<Failure> invalid(String reason) {
        return Optional.of(new Failure(reason, OAuthError.INVALID_TOKEN));
    }
}
