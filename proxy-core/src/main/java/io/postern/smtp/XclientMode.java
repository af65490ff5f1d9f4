package io.postern.smtp;

import java.util.Locale;

/**
 * {@code xclient}: whether the SMTP upstream login sends {@code XCLIENT}.
 */
public enum XclientMode {
    /** Never: the upstream sees Postern's address. */
    OFF,
    /**
     * Always, as nginx does with {@code xclient on}: an upstream that refuses it (its EHLO did
     * not offer XCLIENT, or Postern's address is not in its authorised hosts) fails the login
     * with nginx's answer, rather than letting the session through as Postern's address.
     */
    ON,
    /** Postern's own: only when the upstream's EHLO offers XCLIENT; otherwise logged and skipped. */
    OFFERED;

    /** The words of the directive, in the order of its documentation. */
    public static final java.util.List<String> WORDS = java.util.List.of("on", "off", "offered");

    /** The mode for a checked directive value ({@code on}, {@code off}, {@code offered}). */
    public static XclientMode parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Whether XCLIENT may be sent at all, which also means a client's own must be refused after login. */
    public boolean enabled() {
        return this != OFF;
    }
}
