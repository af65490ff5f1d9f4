package io.postern.auth.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.Objects;

/** What the identity provider's keys or answer say about a token. */
sealed interface TokenCheck {

    /** Genuine and current (its claims still to be checked against the settings). */
    record Genuine(JWTClaimsSet claims) implements TokenCheck {
        public Genuine {
            Objects.requireNonNull(claims, "claims");
        }
    }

    /**
     * Not a token of this identity provider, or no longer: a bad signature, an unknown key,
     * an inactive introspection answer.
     *
     * @param reason for the log; never the token
     */
    record Refused(String reason) implements TokenCheck {
    }

    /**
     * The identity provider could not be asked (unreachable, timed out, garbage): a temporary
     * failure, not the client's fault.
     *
     * @param reason for the log
     */
    record Unavailable(String reason) implements TokenCheck {
    }
}
