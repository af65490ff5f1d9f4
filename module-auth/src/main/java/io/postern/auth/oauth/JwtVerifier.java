package io.postern.auth.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Verifies a JWT's signature with the identity provider's published keys ({@link JwksKeys}).
 * Only asymmetric signatures are taken (RS, PS and ES algorithms): {@code none} and the HMAC
 * algorithms would let anyone who knows a public key, or nothing, make a token.
 */
final class JwtVerifier {

    private static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final JwksKeys keys;

    JwtVerifier(JwksKeys keys) {
        this.keys = keys;
    }

    CompletableFuture<TokenCheck> verify(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return done(new TokenCheck.Refused("not a signed JWT"));
        }
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        if (!ALLOWED.contains(algorithm)) {
            return done(new TokenCheck.Refused("signature algorithm " + algorithm + " not accepted"));
        }
        String kid = jwt.getHeader().getKeyID();
        return keys.key(kid).handle((key, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                return new TokenCheck.Unavailable("JWKS " + keys.url() + ": " + cause);
            }
            return check(jwt, algorithm, kid, key);
        });
    }

    private static TokenCheck check(SignedJWT jwt, JWSAlgorithm algorithm, String kid, Optional<JWK> key) {
        if (key.isEmpty()) {
            return new TokenCheck.Refused("no published key with id \"" + kid + "\"");
        }
        if (key.get().getAlgorithm() != null && !key.get().getAlgorithm().equals(algorithm)) {
            return new TokenCheck.Refused("key \"" + kid + "\" is for " + key.get().getAlgorithm() + ", not " + algorithm);
        }
        try {
            JWSVerifier verifier;
            if (key.get() instanceof RSAKey rsa && algorithm.getName().matches("[RP]S\\d+")) {
                verifier = new RSASSAVerifier(rsa);
            } else if (key.get() instanceof ECKey ec && algorithm.getName().startsWith("ES")) {
                verifier = new ECDSAVerifier(ec);
            } else {
                return new TokenCheck.Refused("key \"" + kid + "\" does not fit " + algorithm);
            }
            if (!jwt.verify(verifier)) {
                return new TokenCheck.Refused("bad signature");
            }
            return new TokenCheck.Genuine(jwt.getJWTClaimsSet());
        } catch (JOSEException | ParseException e) {
            return new TokenCheck.Refused("unverifiable: " + e.getMessage());
        }
    }

    private static CompletableFuture<TokenCheck> done(TokenCheck check) {
        return CompletableFuture.completedFuture(check);
    }
}
