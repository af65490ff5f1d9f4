package io.postern.pop3;

import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import io.postern.spi.UpstreamAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The auth server of nginx's mail_pop3.t, against one user: a clear password, an APOP or
 * CRAM-MD5 digest of the session's salt, or EXTERNAL with the user's name. Accepted logins
 * go to {@code upstream} with the user's clear password as the upstream password (nginx's
 * {@code Auth-Pass}); anything else is refused with a short wait, so the client may retry
 * (nginx's {@code Auth-Wait}).
 */
final class Pop3TestAuth implements Authenticator {

    static final String REFUSAL = "Authentication failed";

    private final String user;
    private final String password;
    private final UpstreamAddress upstream;
    private final boolean givesPassword;

    /** @param givesPassword whether an accepted login carries the clear password for the upstream */
    Pop3TestAuth(String user, String password, UpstreamAddress upstream, boolean givesPassword) {
        this.user = user;
        this.password = password;
        this.upstream = upstream;
        this.givesPassword = givesPassword;
    }

    @Override
    public CompletionStage<AuthDecision> authenticate(AuthRequest request) {
        return CompletableFuture.completedFuture(good(request.credentials()) ? accepted() : new AuthDecision.Rejected(
                REFUSAL, Optional.of(Duration.ofMillis(10)), Optional.empty()));
    }

    private boolean good(Credentials credentials) {
        if (!credentials.user().equals(user)) {
            return false;
        }
        if (credentials instanceof Credentials.Plain plain) {
            return plain.password().equals(password);
        }
        if (credentials instanceof Credentials.Apop apop) {
            return apop.digest().equals(apop(apop.salt(), password));
        }
        if (credentials instanceof Credentials.CramMd5 cram) {
            return cram.digest().equals(cramMd5(cram.salt(), password));
        }
        return credentials instanceof Credentials.External;
    }

    private AuthDecision accepted() {
        return new AuthDecision.Accepted(Optional.empty(), givesPassword ? Optional.of(password) : Optional.empty(),
                Optional.of(upstream), Map.of());
    }

    /** RFC 1939 APOP: MD5 of the salt followed by the password, in lower-case hex. */
    static String apop(String salt, String password) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest((salt + password).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 2195 CRAM-MD5: HMAC-MD5 of the salt keyed with the password, in lower-case hex. */
    static String cramMd5(String salt, String password) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
            return HexFormat.of().formatHex(mac.doFinal(salt.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
