package io.postern.sasl;

import io.postern.spi.Credentials;
import io.postern.spi.WireText;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Challenges and response decoders of the SASL mechanisms in {@link SaslMechanism}, following
 * nginx's {@code ngx_mail_auth_plain}, {@code _login_username}, {@code _cram_md5} and
 * {@code _external}.
 *
 * <p>Every decoder takes one client response as sent (base64, without the line end) and
 * returns a {@link SaslResult}; none returns {@code null} or throws for bad client input. Unlike
 * nginx, each decoder also understands {@code *} (the client cancels; RFC 3501, RFC 4954,
 * RFC 5034) and {@code =} (an empty initial response, RFC 4954 / RFC 4959 SASL-IR). Decoded
 * text is read with {@link WireText#decode}, so invalid UTF-8 is kept as the client's bytes
 * (nginx passes them on), and a user or password containing NUL, CR or LF is refused: those
 * would let a client inject commands when the login is replayed to a POP3 or SMTP upstream.
 */
public final class Sasl {

    /** The PLAIN challenge: empty ({@code + } alone). */
    public static final String PLAIN_CHALLENGE = "";
    /** The LOGIN username challenge, base64 of {@code Username:}. */
    public static final String LOGIN_USERNAME_CHALLENGE = "VXNlcm5hbWU6";
    /** The LOGIN password challenge, base64 of {@code Password:}. */
    public static final String LOGIN_PASSWORD_CHALLENGE = "UGFzc3dvcmQ6";
    /**
     * The EXTERNAL challenge: empty, as RFC 4422 appendix A asks (nginx sends
     * {@link #LOGIN_USERNAME_CHALLENGE} instead).
     */
    public static final String EXTERNAL_CHALLENGE = "";

    private static final String CANCEL = "*";
    private static final String EMPTY_RESPONSE = "=";

    private Sasl() {
    }

    /** The CRAM-MD5 challenge for {@code salt} (see {@link Salt}): its base64. */
    public static String cramMd5Challenge(String salt) {
        Objects.requireNonNull(salt, "salt");
        return Base64.getEncoder().encodeToString(salt.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a client response is the {@code *} that cancels the exchange. */
    public static boolean isCancel(String response) {
        return CANCEL.equals(response);
    }

    /**
     * Decodes a PLAIN response (RFC 4616): {@code [authzid] NUL authcid NUL passwd}. The
     * credentials carry the authentication identity; an authorization identity is accepted and
     * dropped, as nginx does. An empty user or password is invalid.
     */
    public static SaslResult<Credentials.Plain> decodePlain(String response) {
        Decoding text = decodeText(response);
        if (text.error != null) {
            return text.failure();
        }
        String[] parts = text.value.split("\0", -1);
        if (parts.length != 3) {
            return invalid("malformed PLAIN response");
        }
        return credentials(parts[1], parts[2]);
    }

    /** Decodes the LOGIN mechanism's username line. An empty username is invalid. */
    public static SaslResult<String> decodeLoginUsername(String response) {
        Decoding text = decodeText(response);
        if (text.error != null) {
            return text.failure();
        }
        String reason = checkUser(text.value);
        return reason == null ? new SaslResult.Decoded<>(text.value) : invalid(reason);
    }

    /**
     * Decodes the LOGIN mechanism's password line for {@code user} (from
     * {@link #decodeLoginUsername}). An empty password is invalid.
     */
    public static SaslResult<Credentials.Plain> decodeLoginPassword(String user, String response) {
        Objects.requireNonNull(user, "user");
        Decoding text = decodeText(response);
        if (text.error != null) {
            return text.failure();
        }
        return credentials(user, text.value);
    }

    /**
     * Decodes a CRAM-MD5 response (RFC 2195): {@code user SP digest}, the digest being 32 hex
     * digits (nginx checks the length; we also check the digits).
     *
     * @param salt the salt whose base64 was the challenge
     */
    public static SaslResult<Credentials.CramMd5> decodeCramMd5(String response, String salt) {
        Objects.requireNonNull(salt, "salt");
        Decoding text = decodeText(response);
        if (text.error != null) {
            return text.failure();
        }
        int space = text.value.indexOf(' ');
        if (space < 0) {
            return invalid("malformed CRAM-MD5 response");
        }
        String user = text.value.substring(0, space);
        String digest = text.value.substring(space + 1);
        String reason = checkUser(user);
        if (reason != null) {
            return invalid(reason);
        }
        if (!isHexDigest(digest)) {
            return invalid("invalid CRAM-MD5 digest");
        }
        return new SaslResult.Decoded<>(new Credentials.CramMd5(user, salt, digest));
    }

    /**
     * Decodes an EXTERNAL response (RFC 4422 appendix A): the authorization identity, empty
     * ({@code =} or an empty line) to use the one the TLS client certificate proves.
     */
    public static SaslResult<Credentials.External> decodeExternal(String response) {
        Decoding text = decodeText(response);
        if (text.error != null) {
            return text.failure();
        }
        if (hasForbiddenChar(text.value)) {
            return invalid("control character in user");
        }
        return new SaslResult.Decoded<>(new Credentials.External(text.value));
    }

    private static SaslResult<Credentials.Plain> credentials(String user, String password) {
        String reason = checkUser(user);
        if (reason == null && password.isEmpty()) {
            reason = "empty password";
        } else if (reason == null && hasForbiddenChar(password)) {
            reason = "control character in password";
        }
        return reason == null ? new SaslResult.Decoded<>(new Credentials.Plain(user, password)) : invalid(reason);
    }

    /** Why {@code user} is unacceptable, or {@code null} when it is fine. */
    private static String checkUser(String user) {
        if (user.isEmpty()) {
            return "empty user";
        }
        return hasForbiddenChar(user) ? "control character in user" : null;
    }

    private static boolean hasForbiddenChar(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }

    private static boolean isHexDigest(String digest) {
        if (digest.length() != 32) {
            return false;
        }
        for (int i = 0; i < digest.length(); i++) {
            if (Character.digit(digest.charAt(i), 16) < 0 || digest.charAt(i) > 'f') {
                return false;
            }
        }
        return true;
    }

    private static <T> SaslResult<T> invalid(String reason) {
        return new SaslResult.Invalid<>(reason);
    }

    /** Base64 and {@link WireText} decoding of one response: its text, or why there is none. */
    private static Decoding decodeText(String response) {
        Objects.requireNonNull(response, "response");
        if (isCancel(response)) {
            return new Decoding(null, new SaslResult.Cancelled<>());
        }
        if (response.equals(EMPTY_RESPONSE)) {
            return new Decoding("", null);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(response);
        } catch (IllegalArgumentException e) {
            return new Decoding(null, invalid("invalid base64"));
        }
        return new Decoding(WireText.decode(bytes), null);
    }

    /** Either decoded text or a non-decoded result; never shown in logs. */
    private record Decoding(String value, SaslResult<?> error) {
        @SuppressWarnings("unchecked")
        <T> SaslResult<T> failure() {
            return (SaslResult<T>) error;
        }

        @Override
        public String toString() {
            return "Decoding[<redacted>]";
        }
    }
}
