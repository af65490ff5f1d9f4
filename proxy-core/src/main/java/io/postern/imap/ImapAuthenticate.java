package io.postern.imap;

import io.postern.config.ServerSettings;
import io.postern.sasl.Salt;
import io.postern.sasl.Sasl;
import io.postern.sasl.SaslMechanism;
import io.postern.sasl.SaslResult;
import io.postern.spi.Credentials;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * The {@code AUTHENTICATE} dialogue of one session (RFC 3501 6.2.2, SASL-IR RFC 4959), with
 * nginx's challenges. Unlike nginx, only the mechanisms in {@code imap_auth} are accepted
 * (nginx takes PLAIN and LOGIN even when they are not configured) and {@code *} cancels.
 */
final class ImapAuthenticate {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the handler does next. */
    sealed interface Step {
        /** Send {@code + <text>} and read one continuation line. */
        record Challenge(String text) implements Step {
        }

        /** The client proved who it is; log in. */
        record Done(String tag, Credentials credentials) implements Step {
        }

        /** The client sent {@code *}: answer {@code <tag> BAD}. */
        record Cancelled(String tag) implements Step {
        }

        /** Bad mechanism or bad SASL data: nginx's invalid command. */
        record Invalid(String tag) implements Step {
        }
    }

    private enum Waiting { PLAIN, LOGIN_USERNAME, LOGIN_PASSWORD, CRAM_MD5, EXTERNAL }

    private final List<String> allowed;
    private String tag;
    private Waiting waiting;
    private String user;
    private String salt;

    ImapAuthenticate(ServerSettings settings) {
        this.allowed = settings.imapAuth();
    }

    /** {@code <tag> AUTHENTICATE <mechanism> [<initial response>]}. */
    Step start(String tag, List<ImapValue> arguments, String serverName) {
        this.tag = tag;
        if (arguments.isEmpty() || arguments.size() > 2 || !(arguments.get(0) instanceof ImapValue.Atom mechanismAtom)) {
            return invalid();
        }
        Optional<SaslMechanism> mechanism = SaslMechanism.fromWireName(mechanismAtom.text())
                .filter(m -> allowed.contains(m.configName()));
        if (mechanism.isEmpty() || arguments.size() == 2 && arguments.get(1) instanceof ImapValue.ParenList) {
            return invalid();
        }
        String initial = arguments.size() == 2 ? arguments.get(1).text() : null;
        return switch (mechanism.get()) {
            case PLAIN -> initial == null ? challenge(Waiting.PLAIN, Sasl.PLAIN_CHALLENGE) : plain(initial);
            case LOGIN -> initial == null ? challenge(Waiting.LOGIN_USERNAME, Sasl.LOGIN_USERNAME_CHALLENGE)
                    : loginUsername(initial);
            case CRAM_MD5 -> {
                if (initial != null) {
                    yield invalid(); // CRAM-MD5 starts with the server's challenge
                }
                salt = Salt.generate(serverName, RANDOM);
                yield challenge(Waiting.CRAM_MD5, Sasl.cramMd5Challenge(salt));
            }
            // nginx asks for EXTERNAL's identity with LOGIN's "Username:" challenge; clients and
            // nginx's tests expect it.
            case EXTERNAL -> initial == null ? challenge(Waiting.EXTERNAL, Sasl.LOGIN_USERNAME_CHALLENGE)
                    : finish(Sasl.decodeExternal(initial));
        };
    }

    /** The client's answer to the last challenge. */
    Step next(String line) {
        Waiting step = waiting;
        waiting = null;
        if (step == null) {
            return invalid();
        }
        return switch (step) {
            case PLAIN -> plain(line);
            case LOGIN_USERNAME -> loginUsername(line);
            case LOGIN_PASSWORD -> finish(Sasl.decodeLoginPassword(user, line));
            case CRAM_MD5 -> finish(Sasl.decodeCramMd5(line, salt));
            case EXTERNAL -> finish(Sasl.decodeExternal(line));
        };
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
        return username instanceof SaslResult.Cancelled<String> ? new Step.Cancelled(tag) : invalid();
    }

    private Step challenge(Waiting next, String text) {
        waiting = next;
        return new Step.Challenge(text);
    }

    private Step finish(SaslResult<? extends Credentials> result) {
        if (result instanceof SaslResult.Decoded<? extends Credentials> decoded) {
            return new Step.Done(tag, decoded.value());
        }
        return result instanceof SaslResult.Cancelled<? extends Credentials> ? new Step.Cancelled(tag) : invalid();
    }

    private Step invalid() {
        waiting = null;
        return new Step.Invalid(tag);
    }
}
