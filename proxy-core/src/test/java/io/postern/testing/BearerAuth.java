package io.postern.testing;

import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import io.postern.spi.UpstreamAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The auth server of freenginx's mail_oauth.t as an {@link Authenticator}: the token
 * {@code secretok} for {@code user} is good (the upstream login then uses
 * {@code upstreamPassword}, as the test's {@code Auth-Pass: secret}), {@code saslfail} is
 * refused with an {@code Auth-Error-SASL} challenge, every other token plainly. Other
 * credentials are declined.
 */
public final class BearerAuth {

    /** mail_oauth.t's error challenge: base64 of {@code {"schemes":"Bearer","status":"400"}}. */
    public static final String SASL_ERROR = "eyJzY2hlbWVzIjoiQmVhcmVyIiwic3RhdHVzIjoiNDAwIn0=";
    public static final String GOOD_TOKEN = "secretok";
    public static final String SASL_FAIL_TOKEN = "saslfail";
    public static final String BAD_TOKEN = "bad";

    private BearerAuth() {
    }

    /**
     * @param retryAfter the rejections' delay (mail_oauth.t's {@code Auth-Wait 1}); empty ends the session
     */
    public static Authenticator likeMailOauthT(String user, String upstreamPassword, UpstreamAddress upstream,
                                               Optional<Duration> retryAfter) {
        return request -> {
            if (!(request.credentials() instanceof Credentials.Bearer bearer)) {
                return StaticAuthModule.answer(AuthDecision.declined());
            }
            if (bearer.token().equals(GOOD_TOKEN) && bearer.user().equals(user)) {
                return StaticAuthModule.answer(new AuthDecision.Accepted(Optional.empty(),
                        Optional.ofNullable(upstreamPassword), Optional.of(upstream), Map.of()));
            }
            Optional<String> sasl = bearer.token().equals(SASL_FAIL_TOKEN) ? Optional.of(SASL_ERROR) : Optional.empty();
            return StaticAuthModule.answer(new AuthDecision.Rejected("auth-failed", retryAfter, Optional.empty(), sasl));
        };
    }

    /** base64 of OAUTHBEARER's initial response for {@code user} (escaped as the caller wrote it) and {@code token}. */
    public static String oauthbearer(String user, String token) {
        return b64("n,a=" + user + ",\001auth=Bearer " + token + "\001\001");
    }

    /** base64 of XOAUTH2's initial response. */
    public static String xoauth2(String user, String token) {
        return b64("user=" + user + "\001auth=Bearer " + token + "\001\001");
    }

    public static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
