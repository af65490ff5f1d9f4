package io.postern.tls;

import java.util.Locale;
import java.util.Optional;

/**
 * How Postern reaches an upstream: in plain text, over TLS from the first byte (IMAPS 993,
 * POP3S 995, SMTPS 465) or in plain text upgraded with the protocol's STARTTLS (STLS).
 */
public enum UpstreamTlsMode {
    PLAIN, SSL, STARTTLS;

    /**
     * Parses the words of {@code proxy_ssl}, a pool's {@code ssl} and the auth decision's
     * {@code upstream_tls} attribute: {@code off} or {@code plain}, {@code on} or
     * {@code ssl}, and {@code starttls}; empty for anything else.
     */
    public static Optional<UpstreamTlsMode> parse(String word) {
        switch (word.strip().toLowerCase(Locale.ROOT)) {
            case "off":
            case "plain":
            case "false":
                return Optional.of(PLAIN);
            case "on":
            case "ssl":
            case "true":
                return Optional.of(SSL);
            case "starttls":
                return Optional.of(STARTTLS);
            default:
                return Optional.empty();
        }
    }

    /** The words {@link #parse} accepts, for error messages. */
    public static String expected() {
        return "off | on | starttls (or plain | ssl | starttls)";
    }
}
