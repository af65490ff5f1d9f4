package io.postern.tls;

import java.util.Locale;

/** nginx's {@code starttls}: whether a plain connection may (or must) switch to TLS before login. */
public enum StartTlsMode {
    /** STARTTLS, STLS and the SMTP STARTTLS verb are invalid commands; nothing is advertised. */
    OFF,
    /** Offered and advertised; logging in over plain text stays allowed. */
    ON,
    /** Offered, and every login command is refused until TLS is up (nginx's {@code only}). */
    ONLY;

    /** The directive's word for this mode. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code off}, {@code on} or {@code only}. */
    public static StartTlsMode of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
