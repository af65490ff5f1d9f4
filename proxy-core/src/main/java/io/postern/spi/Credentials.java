package io.postern.spi;

import java.util.Objects;

/**
 * What the client proved its identity with, one record per SASL family. {@link #method()} is
 * nginx's {@code Auth-Method} word. No record prints its secret in {@code toString}, and each
 * prints the user escaped with {@link WireText#escape}. A user (and a password) holds the
 * client's bytes as {@link WireText#decode} read them: {@link WireText#encode} gives them back.
 */
public sealed interface Credentials {

    /** The login the client gave. */
    String user();

    /**
     * nginx's {@code Auth-Method}: {@code plain}, {@code apop}, {@code cram-md5}, {@code external},
     * {@code none}, and (freenginx, SPI 1.4) {@code xoauth2} and {@code oauthbearer}.
     */
    String method();

    /**
     * A clear-text password: IMAP LOGIN, POP3 USER/PASS, and the PLAIN and LOGIN SASL
     * mechanisms (nginx calls all of them {@code plain}).
     */
    record Plain(String user, String password) implements Credentials {
        public Plain {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String method() {
            return "plain";
        }

        @Override
        public String toString() {
            return "Plain[user=" + WireText.escape(user) + ", password=<redacted>]";
        }
    }

    /** A CRAM-MD5 answer: the HMAC-MD5 of {@code salt} keyed with the password, in hex. */
    record CramMd5(String user, String salt, String digest) implements Credentials {
        public CramMd5 {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(salt, "salt");
            Objects.requireNonNull(digest, "digest");
        }

        @Override
        public String method() {
            return "cram-md5";
        }

        @Override
        public String toString() {
            return "CramMd5[user=" + WireText.escape(user) + ", salt=" + salt + ", digest=<redacted>]";
        }
    }

    /** A POP3 APOP answer: the MD5 of {@code salt} followed by the password, in hex. */
    record Apop(String user, String salt, String digest) implements Credentials {
        public Apop {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(salt, "salt");
            Objects.requireNonNull(digest, "digest");
        }

        @Override
        public String method() {
            return "apop";
        }

        @Override
        public String toString() {
            return "Apop[user=" + WireText.escape(user) + ", salt=" + salt + ", digest=<redacted>]";
        }
    }

    /** SASL EXTERNAL: the identity comes from outside the protocol (a TLS client certificate). */
    record External(String user) implements Credentials {
        public External {
            Objects.requireNonNull(user, "user");
        }

        @Override
        public String method() {
            return "external";
        }

        @Override
        public String toString() {
            return "External[user=" + WireText.escape(user) + "]";
        }
    }

    /**
     * An OAuth 2.0 bearer token, sent with the SASL mechanism XOAUTH2 (Google's) or
     * OAUTHBEARER (RFC 7628), as freenginx takes them: {@link #user()} is the identity the
     * client named in its initial response ({@code user=} or the GS2 header's {@code a=}),
     * which nothing has checked yet, and the token is the proof. An authenticator that knows
     * no tokens declines it. Added in SPI 1.4: an authenticator written for SPI 1.3 that
     * handles credentials with an {@code instanceof} chain sees an unknown kind here.
     *
     * @param user the identity from the initial response (may be empty for XOAUTH2)
     * @param token the bearer token, a secret: never logged
     * @param mechanism the SASL mechanism it came with
     */
    record Bearer(String user, String token, BearerMechanism mechanism) implements Credentials {
        public Bearer {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(mechanism, "mechanism");
        }

        /** {@code xoauth2} or {@code oauthbearer}, as freenginx's {@code Auth-Method}. */
        @Override
        public String method() {
            return mechanism.method();
        }

        @Override
        public String toString() {
            return "Bearer[user=" + WireText.escape(user) + ", mechanism=" + mechanism + ", token=<redacted>]";
        }
    }

    /** The SASL mechanisms that carry a {@link Bearer} token. Added in SPI 1.4. */
    enum BearerMechanism {
        /** Google's pre-RFC {@code XOAUTH2}: {@code user=<id>^Aauth=Bearer <token>^A^A}. */
        XOAUTH2("xoauth2"),
        /** RFC 7628's {@code OAUTHBEARER}: {@code n,a=<id>,^Aauth=Bearer <token>^A^A}. */
        OAUTHBEARER("oauthbearer");

        private final String method;

        BearerMechanism(String method) {
            this.method = method;
        }

        /** The word for {@code Auth-Method} and for {@code *_auth}: {@code xoauth2}, {@code oauthbearer}. */
        public String method() {
            return method;
        }
    }

    /**
     * No credentials: SMTP with {@code smtp_auth none}, where the auth phase decides whether
     * an unauthenticated client may relay once it has named the envelope (nginx's
     * {@code Auth-Method: none} with {@code Auth-SMTP-Helo}, {@code -From} and {@code -To}).
     *
     * @param helo the argument of the client's HELO or EHLO, or empty
     * @param mailFrom the client's whole {@code MAIL FROM:} command line
     * @param rcptTo the client's whole {@code RCPT TO:} command line
     */
    record None(String helo, String mailFrom, String rcptTo) implements Credentials {
        public None {
            java.util.Objects.requireNonNull(helo, "helo");
            java.util.Objects.requireNonNull(mailFrom, "mailFrom");
            java.util.Objects.requireNonNull(rcptTo, "rcptTo");
        }

        /** Empty: the client has not said who it is. */
        @Override
        public String user() {
            return "";
        }

        @Override
        public String method() {
            return "none";
        }
    }
}
