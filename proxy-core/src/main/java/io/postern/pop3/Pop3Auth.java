package io.postern.pop3;

import io.postern.sasl.Sasl;
import io.postern.sasl.SaslMechanism;
import io.postern.sasl.SaslResult;
import io.postern.spi.Credentials;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code AUTH} dialogue of one POP3 session (RFC 5034), with nginx's challenges
 * ({@code ngx_mail_pop3_auth}). Unlike nginx, {@code *} cancels the exchange and a mechanism
 * not in {@code pop3_auth} is refused. CRAM-MD5 digests the salt of the greeting, as in nginx.
 */
final class Pop3Auth {

    /** What the handler does next. */
    sealed interface Step {
        /** Send {@code + <text>} and read one response line. */
        record Challenge(String text) implements Step {
        }

        /** The client proved who it is; log in. */
        record Done(Credentials credentials) implements Step {
        }

        /** The client sent {@code *}: answer {@code -ERR}. */
        record Cancelled() implements Step {
        }

        /** Bad mechanism or bad SASL data: nginx's invalid command. */
        record Invalid() implements Step {
        }
    }

    private enum Waiting { PLAIN, LOGIN_USERNAME, LOGIN_PASSWORD, CRAM_MD5, EXTERNAL }

    private final Pop3Settings settings;
    private final String salt;
    private Waiting waiting;
    private String user;

    /** @param salt the session's salt, from the greeting; empty when CRAM-MD5 is not enabled */
    Pop3Auth(Pop3Settings settings, String salt) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.salt = Objects.requireNonNull(salt, "salt");
    }

    /** Whether a challenge was sent and the next line is its response. */
    boolean inProgress() {
        return waiting != null;
    }

    /** {@code AUTH <mechanism> [<initial response>]}; the arguments are not empty. */
    Step start(List<String> arguments) {
        waiting = null;
        if (arguments.isEmpty() || arguments.size() > 2) {
            return new Step.Invalid();
        }
        Optional<SaslMechanism> mechanism = SaslMechanism.fromWireName(arguments.get(0)).filter(settings::accepts);
        if (mechanism.isEmpty()) {
            return new Step.Invalid();
        }
        String initial = arguments.size() == 2 ? arguments.get(1) : null;
        return switch (mechanism.get()) {
            case PLAIN -> initial == null ? challenge(Waiting.PLAIN, Sasl.PLAIN_CHALLENGE) : finish(Sasl.decodePlain(initial));
            case LOGIN -> initial == null ? challenge(Waiting.LOGIN_USERNAME, Sasl.LOGIN_USERNAME_CHALLENGE)
                    : loginUsername(initial);
            // CRAM-MD5 starts with the server's challenge, so an initial response is invalid.
            case CRAM_MD5 -> initial == null ? challenge(Waiting.CRAM_MD5, Sasl.cramMd5Challenge(salt)) : new Step.Invalid();
            // nginx asks for EXTERNAL's identity with LOGIN's "Username:" challenge; its tests expect it.
            case EXTERNAL -> initial == null ? challenge(Waiting.EXTERNAL, Sasl.LOGIN_USERNAME_CHALLENGE)
                    : finish(Sasl.decodeExternal(initial));
        };
    }

    /** The client's response to the last challenge. */
    Step next(String line) {
        Waiting step = waiting;
        waiting = null;
        if (step == null) {
            return new Step.Invalid();
        }
        return switch (step) {
            case PLAIN -> finish(Sasl.decodePlain(line));
            case LOGIN_USERNAME -> loginUsername(line);
            case LOGIN_PASSWORD -> finish(Sasl.decodeLoginPassword(user, line));
            case CRAM_MD5 -> finish(Sasl.decodeCramMd5(line, salt));
            case EXTERNAL -> finish(Sasl.decodeExternal(line));
        };
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
