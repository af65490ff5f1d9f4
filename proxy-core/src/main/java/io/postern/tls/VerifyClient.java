package io.postern.tls;

import java.util.Locale;

/** nginx's {@code ssl_verify_client}: whether client certificates are asked for, and what a bad one means. */
public enum VerifyClient {
    /** No certificate is asked for. */
    OFF,
    /** A certificate signed by {@code ssl_client_certificate} is required. */
    ON,
    /** A certificate is asked for; none is fine, a bad one ends the session. */
    OPTIONAL,
    /** A certificate is asked for and not checked against the CAs; the auth phase sees the result. */
    OPTIONAL_NO_CA;

    /** {@code off}, {@code on}, {@code optional} or {@code optional_no_ca}. */
    public static VerifyClient of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }

    /** The directive's word for this mode. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
