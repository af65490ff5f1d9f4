package io.postern.sasl;

import io.postern.spi.Credentials;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One session's SASL exchange before login, protocol-neutral: IMAP's {@code AUTHENTICATE},
 * POP3's and SMTP's {@code AUTH}. The protocol handler turns each {@link Step} into its own
 * words ({@code + } or {@code 334 } challenges, {@code BAD}, {@code -ERR}, {@code 501}).
 *
 * <p>nginx's challenges: LOGIN asks {@code Username:} then {@code Password:}, CRAM-MD5 sends
 * the base64 of the salt, and EXTERNAL without an initial response is asked with LOGIN's
 * {@code Username:} challenge (nginx's tests expect it). Unlike nginx, only the configured
 * mechanisms are accepted (nginx takes PLAIN and LOGIN even when they are not configured),
 * and {@code *} cancels (RFC 3501, 4954, 5034). Not thread-safe: use it on the session's
 * event loop.
 */
public final class SaslExchange {

    /** What the handler does next. */
    public sealed interface Step {
        /** Send the challenge {@code text} and read one response line. */
        record Challenge(String text) implements Step {
        }

        /** The client proved who it is: log in. */
        record Done(Credentials credentials) implements Step {
        }

        /** The client sent {@code *}. */
        record Cancelled() implements Step {
        }

        /** A mechanism not offered, or bad SASL data: nginx's invalid command. */
        record Invalid() implements Step {
        }

        /**
         * The client answered a bearer mechanism's error challenge ({@link #bearerError}) as
         * freenginx expects: send the login's failure text.
         */
        record ErrorAcknowledged() implements Step {
        }
    }

    private enum Waiting {
        PLAIN, LOGIN_USERNAME, LOGIN_PASSWORD, CRAM_MD5, EXTERNAL, XOAUTH2, OAUTHBEARER,
        /** The dummy response to an error challenge of {@link #bearerMechanism}. */
        BEARER_ERROR
    }

    private final Set<SaslMechanism> allowed;
    private final Supplier<String> salt;
    private Waiting waiting;
    private String user;
    private String cramMd5Salt;
    private Credentials.BearerMechanism bearerMechanism;

    /**
     * @param allowed the mechanisms the server offers
     * @param salt the CRAM-MD5 salt ({@code <random.time@server_name>}), asked for once per
     *     CRAM-MD5 exchange: POP3 gives the salt of its greeting, IMAP and SMTP a fresh one
     */
    public SaslExchange(Collection<SaslMechanism> allowed, Supplier<String> salt) {
        this.allowed = Set.copyOf(allowed);
        this.salt = Objects.requireNonNull(salt, "salt");
    }

    /** Whether a challenge is out, so the next line is its response and not a command. */
    public boolean waiting() {
        return waiting != null;
    }

    /** {@code <mechanism> [<initial response>]}, as the client's command gave them. */
    public Step start(List<String> arguments) {
        waiting = null;
        if (arguments.isEmpty() || arguments.size() > 2) {
            return new Step.Invalid();
        }
        Optional<SaslMechanism> mechanism = SaslMechanism.fromWireName(arguments.get(0)).filter(allowed::contains);
        if (mechanism.isEmpty()) {
            return new Step.Invalid();
        }
        String initial = arguments.size() == 2 ? arguments.get(1) : null;
        switch (mechanism.get()) {
            case PLAIN:
                return initial == null ? challenge(Waiting.PLAIN, Sasl.PLAIN_CHALLENGE) : finish(Sasl.decodePlain(initial));
            case LOGIN:
                return initial == null ? challenge(Waiting.LOGIN_USERNAME, Sasl.LOGIN_USERNAME_CHALLENGE)
                        : loginUsername(initial);
            case CRAM_MD5:
                if (initial != null) {
                    return new Step.Invalid(); // CRAM-MD5 starts with the server's challenge
                }
                cramMd5Salt = salt.get();
                return challenge(Waiting.CRAM_MD5, Sasl.cramMd5Challenge(cramMd5Salt));
            case XOAUTH2:
                // freenginx: the empty challenge of PLAIN, then the response.
                return initial == null ? challenge(Waiting.XOAUTH2, Sasl.PLAIN_CHALLENGE)
                        : finish(Sasl.decodeXoauth2(initial));
            case OAUTHBEARER:
                return initial == null ? challenge(Waiting.OAUTHBEARER, Sasl.PLAIN_CHALLENGE)
                        : finish(Sasl.decodeOauthbearer(initial));
            default:
                return initial == null ? challenge(Waiting.EXTERNAL, Sasl.LOGIN_USERNAME_CHALLENGE)
                        : finish(Sasl.decodeExternal(initial));
        }
    }

    /**
     * The AUTH phase refused a bearer token with an error for the client (freenginx's
     * {@code Auth-Error-SASL}, RFC 7628 3.2.2): send {@code challenge} and judge the next line
     * as the dummy response, which {@link #next} answers with {@link Step.ErrorAcknowledged}
     * or, for anything else, {@link Step.Invalid} (also for {@code *}, as in freenginx).
     */
    public Step.Challenge bearerError(Credentials.BearerMechanism mechanism, String challenge) {
        bearerMechanism = Objects.requireNonNull(mechanism, "mechanism");
        waiting = Waiting.BEARER_ERROR;
        return new Step.Challenge(Objects.requireNonNull(challenge, "challenge"));
    }

    /** The client's response to the last challenge. */
    public Step next(String line) {
        Waiting step = waiting;
        waiting = null;
        if (step == null) {
            return new Step.Invalid();
        }
        switch (step) {
            case PLAIN:
                return finish(Sasl.decodePlain(line));
            case LOGIN_USERNAME:
                return loginUsername(line);
            case LOGIN_PASSWORD:
                return finish(Sasl.decodeLoginPassword(user, line));
            case CRAM_MD5:
                return finish(Sasl.decodeCramMd5(line, cramMd5Salt));
            case XOAUTH2:
                return finish(Sasl.decodeXoauth2(line));
            case OAUTHBEARER:
                return finish(Sasl.decodeOauthbearer(line));
            case BEARER_ERROR:
                return Sasl.acknowledgesBearerError(bearerMechanism, line) ? new Step.ErrorAcknowledged()
                        : new Step.Invalid();
            default:
                return finish(Sasl.decodeExternal(line));
        }
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
