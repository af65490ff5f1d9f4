package io.postern.sasl;

import io.postern.spi.Credentials;
import io.postern.spi.WireText;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Challenges and response decoders of the SASL mechanisms in {@link SaslMechanism}, following
 * nginx's {@code ngx_mail_auth_plain}, {@code _login_username}, {@code _cram_md5} and
 * {@code _external}, and freenginx's {@code _xoauth2} and {@code _oauthbearer}.
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

    /** XOAUTH2's identity key, matched ignoring case (freenginx). */
    private static final String XOAUTH2_USER = "user=";
    /** The key-value pair of the token in XOAUTH2 and OAUTHBEARER, matched ignoring case (freenginx). */
    private static final String BEARER = "auth=Bearer ";

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

    /**
     * Decodes an XOAUTH2 response as freenginx's {@code ngx_mail_auth_xoauth2} does:
     * {@code user=<id>^Aauth=Bearer <token>^A^A}, where {@code user=} and {@code auth=Bearer }
     * are matched ignoring case, the identity ends at the first {@code ^A} (it may be empty) and
     * the token is everything between {@code auth=Bearer } and the closing {@code ^A^A}.
     */
    public static SaslResult<Credentials.Bearer> decodeXoauth2(String response) {
        Decoding text = decodeText(response);
        if (text.error != null) {
            return text.failure();
        }
        String value = text.value;
        int separator = value.indexOf('\1');
        if (separator < 0 || !startsWithIgnoreCase(value, 0, XOAUTH2_USER)) {
            return invalid("invalid login in XOAUTH2 response");
        }
        String rest = value.substring(separator + 1);
        if (!startsWithIgnoreCase(rest, 0, BEARER) || rest.length() < BEARER.length() + 2
                || !rest.endsWith("\1\1")) {
            return invalid("invalid token in XOAUTH2 response");
        }
        return bearer(value.substring(XOAUTH2_USER.length(), separator),
                rest.substring(BEARER.length(), rest.length() - 2), Credentials.BearerMechanism.XOAUTH2);
    }

    /**
     * Decodes an OAUTHBEARER response (RFC 7628 3.1) as freenginx's
     * {@code ngx_mail_auth_oauthbearer} does: the identity is the GS2 header's first non-empty
     * {@code a=} field before the first {@code ^A} ({@code =2C} and {@code =3D} decoded, any
     * other {@code =} escape refused), and the token the first non-empty {@code auth=Bearer }
     * key-value pair after it. A response without an identity is refused, as freenginx does,
     * before any authenticator is asked.
     */
    public static SaslResult<Credentials.Bearer> decodeOauthbearer(String response) {
        Decoding text = decodeText(response);
        if (text.error != null) {
            return text.failure();
        }
        String value = text.value;
        int headerEnd = value.indexOf('\1');
        String header = headerEnd < 0 ? value : value.substring(0, headerEnd);
        String user = null;
        int fieldStart = header.indexOf(',');
        while (fieldStart >= 0 && user == null) {
            int fieldEnd = header.indexOf(',', fieldStart + 1);
            if (fieldEnd < 0) {
                break; // freenginx takes a field only when a comma ends it
            }
            String field = header.substring(fieldStart + 1, fieldEnd);
            if (field.length() > 2 && startsWithIgnoreCase(field, 0, "a=")) {
                user = field.substring(2);
            }
            fieldStart = fieldEnd;
        }
        if (user == null || headerEnd < 0) {
            return invalid("invalid login in OAUTHBEARER response");
        }
        String token = null;
        String[] pairs = value.substring(headerEnd + 1).split("\1", -1);
        for (int i = 0; i < pairs.length - 1 && token == null; i++) { // the last one has no ^A to end it
            if (pairs[i].length() > BEARER.length() && startsWithIgnoreCase(pairs[i], 0, BEARER)) {
                token = pairs[i].substring(BEARER.length());
            }
        }
        if (token == null) {
            return invalid("invalid token in OAUTHBEARER response");
        }
        String decoded = decodeSaslName(user);
        if (decoded == null) {
            return invalid("invalid login in OAUTHBEARER response");
        }
        return bearer(decoded, token, Credentials.BearerMechanism.OAUTHBEARER);
    }

    /**
     * Whether {@code response} is the client's answer to a bearer mechanism's error challenge
     * that freenginx accepts: an empty line for XOAUTH2, {@code AQ==} (base64 of {@code ^A},
     * RFC 7628 3.2.3) for OAUTHBEARER.
     */
    public static boolean acknowledgesBearerError(Credentials.BearerMechanism mechanism, String response) {
        Objects.requireNonNull(response, "response");
        return switch (Objects.requireNonNull(mechanism, "mechanism")) {
            case XOAUTH2 -> response.isEmpty();
            case OAUTHBEARER -> response.startsWith("AQ==");
        };
    }

    /**
     * The base64 client response of {@code mechanism} carrying {@code token} for {@code user}, as
     * Postern sends it to an upstream: XOAUTH2's {@code user=<user>^Aauth=Bearer <token>^A^A}, or
     * OAUTHBEARER's {@code n,a=<user>,^Aauth=Bearer <token>^A^A} with {@code ,} and {@code =}
     * escaped in the user (RFC 5801's saslname).
     */
    public static String encodeBearer(Credentials.BearerMechanism mechanism, String user, String token) {
        String response = switch (Objects.requireNonNull(mechanism, "mechanism")) {
            case XOAUTH2 -> XOAUTH2_USER + user + "\1" + BEARER + token + "\1\1";
            case OAUTHBEARER -> "n,a=" + user.replace("=", "=3D").replace(",", "=2C") + ",\1" + BEARER + token + "\1\1";
        };
        return Base64.getEncoder().encodeToString(WireText.encode(response));
    }

    /** The dummy response to a bearer mechanism's error challenge: empty for XOAUTH2, {@code AQ==} for OAUTHBEARER. */
    public static String bearerErrorAcknowledgement(Credentials.BearerMechanism mechanism) {
        return mechanism == Credentials.BearerMechanism.XOAUTH2 ? "" : "AQ==";
    }

    private static SaslResult<Credentials.Bearer> bearer(String user, String token,
                                                         Credentials.BearerMechanism mechanism) {
        if (hasForbiddenChar(user)) {
            return invalid("control character in user");
        }
        if (hasForbiddenChar(token)) {
            return invalid("control character in token");
        }
        return new SaslResult.Decoded<>(new Credentials.Bearer(user, token, mechanism));
    }

    /** RFC 5801's saslname: {@code =2C} is a comma, {@code =3D} an equals sign; null for any other escape. */
    private static String decodeSaslName(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '=') {
                out.append(c);
            } else if (name.regionMatches(true, i + 1, "2C", 0, 2)) {
                out.append(',');
                i += 2;
            } else if (name.regionMatches(true, i + 1, "3D", 0, 2)) {
                out.append('=');
                i += 2;
            } else {
                return null;
            }
        }
        return out.toString();
    }

    private static boolean startsWithIgnoreCase(String text, int offset, String prefix) {
        return text.regionMatches(true, offset, prefix, 0, prefix.length());
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
