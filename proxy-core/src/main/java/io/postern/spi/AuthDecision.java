package io.postern.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The answer of an {@link Authenticator}: decline, decide (accept or reject), or fail. */
public sealed interface AuthDecision {

    /** "Not mine": the next authenticator is asked. */
    static AuthDecision declined() {
        return Declined.INSTANCE;
    }

    /** Accepts the login unchanged, leaving the upstream to the UPSTREAM phase. */
    static AuthDecision accepted() {
        return new Accepted(Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }

    /** Accepts the login and names the upstream that holds the mailbox. */
    static AuthDecision acceptedTo(UpstreamAddress upstream) {
        return new Accepted(Optional.empty(), Optional.empty(), Optional.of(upstream), Map.of());
    }

    /** Rejects the login with a message for the client; the session ends after it. */
    static AuthDecision rejected(String message) {
        return new Rejected(message, Optional.empty(), Optional.empty());
    }

    /** The authenticator has no opinion. */
    enum Declined implements AuthDecision {
        INSTANCE
    }

    /**
     * The login is good.
     *
     * @param upstreamLogin the login to present to the upstream, when it differs from the
     *     client's (nginx's {@code Auth-User} answer)
     * @param upstreamPassword the password to present to the upstream, when it differs from the
     *     client's or the client sent none in clear (nginx's {@code Auth-Pass} answer); required
     *     for CRAM-MD5, APOP and EXTERNAL logins to IMAP and POP3 upstreams
     * @param upstream the server holding the mailbox (nginx's {@code Auth-Server}/{@code Auth-Port});
     *     empty leaves the choice to the UPSTREAM phase
     * @param attributes anything later phases may want (a user's group, a quota class); never
     *     put a secret here, since listeners may log attributes
     */
    record Accepted(Optional<String> upstreamLogin, Optional<String> upstreamPassword,
                    Optional<UpstreamAddress> upstream, Map<String, String> attributes) implements AuthDecision {
        public Accepted {
            Objects.requireNonNull(upstreamLogin, "upstreamLogin");
            Objects.requireNonNull(upstreamPassword, "upstreamPassword");
            Objects.requireNonNull(upstream, "upstream");
            attributes = Map.copyOf(attributes);
        }

        @Override
        public String toString() {
            return "Accepted[upstreamLogin=" + upstreamLogin.orElse("-")
                    + ", upstreamPassword=" + (upstreamPassword.isPresent() ? "<redacted>" : "-")
                    + ", upstream=" + upstream.map(UpstreamAddress::toString).orElse("-")
                    + ", attributes=" + attributes + "]";
        }
    }

    /**
     * The login is refused (nginx's {@code Auth-Status: <message>}).
     *
     * @param message shown to the client in the protocol's failure answer
     * @param retryAfter with a value (nginx's {@code Auth-Wait}), the answer is delayed by it
     *     and the client may try again; empty ends the session after the answer
     * @param smtpCode the SMTP reply code and enhanced status to use instead of
     *     {@code 535 5.7.0} (nginx's {@code Auth-Error-Code}); ignored by IMAP and POP3
     * @param saslError for a {@link Credentials.Bearer} login, the mechanism's error
     *     challenge, already base64 (freenginx's {@code Auth-Error-SASL}; RFC 7628 3.2.2's
     *     JSON): sent to the client as a SASL challenge, and {@code message} follows the
     *     client's dummy response. Ignored for other credentials. Added in SPI 1.4.
     */
    record Rejected(String message, Optional<Duration> retryAfter, Optional<String> smtpCode,
                    Optional<String> saslError) implements AuthDecision {
        public Rejected {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(retryAfter, "retryAfter");
            Objects.requireNonNull(smtpCode, "smtpCode");
            Objects.requireNonNull(saslError, "saslError");
            if (message.indexOf('\r') >= 0 || message.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("message must not contain CR or LF");
            }
            saslError.ifPresent(challenge -> {
                if (challenge.indexOf('\r') >= 0 || challenge.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("saslError must not contain CR or LF");
                }
            });
            retryAfter.ifPresent(d -> {
                if (d.isNegative()) {
                    throw new IllegalArgumentException("retryAfter: " + d + " (expected: >= 0)");
                }
            });
        }

        /** A rejection without a SASL error challenge (the form before SPI 1.4). */
        public Rejected(String message, Optional<Duration> retryAfter, Optional<String> smtpCode) {
            this(message, retryAfter, smtpCode, Optional.empty());
        }
    }

    /**
     * The authenticator could not decide (its backend is down, answered garbage, timed out).
     * The client gets the protocol's temporary-failure answer and the session ends.
     *
     * @param reason for the error log; never include a password
     */
    record Failed(String reason) implements AuthDecision {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
