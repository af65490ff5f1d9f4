package io.postern.smtp;

import io.postern.sasl.Salt;
import io.postern.sasl.Sasl;
import io.postern.sasl.SaslMechanism;
import io.postern.sasl.SaslResult;
import io.postern.spi.Credentials;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * The {@code AUTH} dialogue of one session (RFC 4954) with nginx's {@code 334} challenges,
 * including {@code AUTH LOGIN <username>} (MS-XLOGIN). Unlike nginx, only the mechanisms in
 * {@code smtp_auth} are accepted (nginx takes PLAIN and LOGIN even when they are not
 * configured) and {@code *} cancels.
 */
final class SmtpAuth {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the handler does next. */
    sealed interface Step {
        /** Send {@code 334 <text>} and read one response line. */
        record Challenge(String text) implements Step {
        }

        /** The client proved who it is; log in. */
        record Done(Credentials credentials) implements Step {
        }

        /** The client sent {@code *}. */
        record Cancelled() implements Step {
        }

        /** Bad mechanism or bad SASL data: nginx's invalid command. */
        record Invalid() implements Step {
        }
    }

    private enum Waiting { PLAIN, LOGIN_USERNAME, LOGIN_PASSWORD, CRAM_MD5, EXTERNAL }

    private final List<SaslMechanism> allowed;
    private final String serverName;
    private Waiting waiting;
    private String user;
    private String salt;

    SmtpAuth(List<SaslMechanism> allowed, String serverName) {
        this.allowed = List.copyOf(allowed);
        this.serverName = serverName;
    }

    /** Whether a challenge is out and the next line is its response, not a command. */
    boolean waiting() {
        return waiting != null;
    }

    /** {@code AUTH <mechanism> [<initial response>]}: the arguments, at least one. */
    Step start(List<String> arguments) {
        waiting = null;
        Optional<SaslMechanism> mechanism = SaslMechanism.fromWireName(arguments.get(0)).filter(allowed::contains);
        if (mechanism.isEmpty() || arguments.size() > 2) {
            return new Step.Invalid();
        }
        String initial = arguments.size() == 2 ? arguments.get(1) : null;
        switch (mechanism.get()) {
            case PLAIN:
                return initial == null ? challenge(Waiting.PLAIN, Sasl.PLAIN_CHALLENGE) : plain(initial);
            case LOGIN:
                return initial == null ? challenge(Waiting.LOGIN_USERNAME, Sasl.LOGIN_USERNAME_CHALLENGE)
                        : loginUsername(initial);
            case CRAM_MD5:
                if (initial != null) {
                    return new Step.Invalid(); // CRAM-MD5 starts with the server's challenge
                }
                salt = Salt.generate(serverName, RANDOM);
                return challenge(Waiting.CRAM_MD5, Sasl.cramMd5Challenge(salt));
            default:
                // nginx asks for EXTERNAL's identity with LOGIN's "Username:" challenge.
                return initial == null ? challenge(Waiting.EXTERNAL, Sasl.LOGIN_USERNAME_CHALLENGE)
                        : finish(Sasl.decodeExternal(initial));
        }
    }

    /** The client's response to the last challenge. */
    Step next(String line) {
        Waiting step = waiting;
        waiting = null;
        if (step == null) {
            return new Step.Invalid();
        }
        switch (step) {
            case PLAIN:
                return plain(line);
            case LOGIN_USERNAME:
                return loginUsername(line);
            case LOGIN_PASSWORD:
                return finish(Sasl.decodeLoginPassword(user, line));
            case CRAM_MD5:
                return finish(Sasl.decodeCramMd5(line, salt));
            default:
                return finish(Sasl.decodeExternal(line));
        }
    }

    private Step plain(String response) {
        return finish(Sasl.decodePlain(response));
    }

    private Step loginUsername(String response) {
        SaslResult<String> username = Sasl.decodeLoginUsername(response);
        if (username instanceof SaslResult.Decoded<String> decoded) {
            user = decoded.value();
            return challenge(Waiting.LOGIN_PASSWORD, Sasl.LOGIN_PASSWORD_CHALLENGE);
        }
        return username instanceof SaslResult.Cancelled<String> ? new Step.Cancelled() : new Step.Invalid();
    }

    private Step challenge(Waiting next, String text) {
        waiting = next;
        return new Step.Challenge(text);
    }

    private static Step finish(SaslResult<? extends Credentials> result) {
        if (result instanceof SaslResult.Decoded<? extends Credentials> decoded) {
            return new Step.Done(decoded.value());
        }
        return result instanceof SaslResult.Cancelled<? extends Credentials> ? new Step.Cancelled() : new Step.Invalid();
    }
}
